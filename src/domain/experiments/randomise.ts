import { queryRows, sql, type Db } from '../../db/client.js';
import { experimentAssignments, type ExperimentArm } from '../../db/schema/index.js';
import type { Planner } from '../../jobs/planner.js';
import { recordAudit } from '../audit/record-audit.js';
import { armForPosition } from './arms.js';

interface OpenExperiment {
  id: string;
  workspace_id: string;
  arms: ExperimentArm[];
  block_size: number;
  seed: number;
}

/**
 * Randomises every approved mentor of the program not yet in its open experiment, one after
 * another in order of approval (decision time, then person id, so ties never depend on the
 * database's whim): each takes the next position, whose arm the seed decides. Mentors approved
 * before the experiment was created are not in it: they were not recruited into it.
 *
 * Set-based, so one function serves both the approval itself (screening calls it, and the
 * coordinator's approval is the audited event) and the planner (mentors approved by an import,
 * or an approval whose call was missed). The experiment row is locked first, so two
 * transactions assigning at once take turns instead of both taking position n.
 */
export async function assignApprovedMentors(
  db: Db,
  input: { programId: string; now: Date; approval?: { personId: string; actorId: string } },
): Promise<number> {
  const [experiment] = await queryRows<OpenExperiment>(
    db,
    sql`select e.id, p.workspace_id, e.arms, e.block_size, e.seed from experiments e join programs p on p.id = e.program_id
        where e.program_id = ${input.programId}::uuid and e.state = 'open'
        for update of e`,
  );
  if (!experiment) return 0;
  // Counted after the lock, in a statement of its own: under READ COMMITTED it then sees the
  // assignments of a transaction that held the lock before us.
  const [{ assigned } = { assigned: 0 }] = await queryRows<{ assigned: number }>(
    db,
    sql`select count(*)::int as assigned from experiment_assignments where experiment_id = ${experiment.id}::uuid`,
  );
  const pending = await queryRows<{ person_id: string }>(
    db,
    sql`select a.person_id from applications a
        join experiments e on e.id = ${experiment.id}::uuid
        where a.program_id = ${input.programId}::uuid and a.role = 'mentor' and a.state = 'approved'
          and coalesce(a.decided_at, a.updated_at) >= e.created_at
          and not exists (select 1 from experiment_assignments x where x.experiment_id = e.id and x.person_id = a.person_id)
        order by coalesce(a.decided_at, a.updated_at), a.person_id`,
  );
  let position = assigned;
  for (const { person_id: personId } of pending) {
    const { armId, block } = armForPosition(experiment.arms, experiment.block_size, experiment.seed, position);
    await db.insert(experimentAssignments).values({ experimentId: experiment.id, personId, armId, block, position, assignedAt: input.now });
    await recordAudit(db, {
      workspaceId: experiment.workspace_id,
      programId: input.programId,
      // The coordinator's approval is the act that randomised its mentor; anyone else swept up
      // here (an import's mentor) was randomised by the system.
      actorId: input.approval?.personId === personId ? input.approval.actorId : null,
      subjectId: personId,
      action: 'experiment.assign',
      details: { experiment: experiment.id, arm: armId, block, position, seed: experiment.seed },
      at: input.now,
    });
    position++;
  }
  return pending.length;
}

/**
 * Each tick, assigns the mentors approved since the last (imports approve without a coordinator's
 * command). Housekeeping: it sends nobody anything, so `:advance` need not stop for it.
 */
export const assignmentPlanner: Planner = {
  name: 'experiment-assignments',
  housekeeping: true,
  async plan({ db, clock }) {
    const open = await queryRows<{ program_id: string }>(db, sql`select program_id from experiments where state = 'open'`);
    // Its own transaction per program: the experiment row's lock holds until the assignments are in.
    for (const { program_id: programId } of open) await db.transaction((tx) => assignApprovedMentors(tx as unknown as Db, { programId, now: clock.now() }));
    return 0;
  },
};
