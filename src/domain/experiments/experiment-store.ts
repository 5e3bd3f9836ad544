import { queryRows, sql, type Db } from '../../db/client.js';
import type { ExperimentArm } from '../../db/schema/index.js';
import { UserError } from '../../core/errors.js';

export interface ExperimentRow {
  id: string;
  name: string;
  arms: ExperimentArm[];
  blockSize: number;
  seed: number;
  state: 'open' | 'closed';
  createdAt: Date;
}

/** The program's open experiment, else its latest: commands and the report are about that one. */
export async function currentExperiment(db: Db, programId: string): Promise<ExperimentRow | null> {
  const [row] = await queryRows<{ id: string; name: string; arms: ExperimentArm[]; block_size: number; seed: number; state: 'open' | 'closed'; created_at: Date | string }>(
    db,
    sql`select id, name, arms, block_size, seed, state, created_at from experiments
        where program_id = ${programId}::uuid order by (state = 'open') desc, created_at desc limit 1`,
  );
  return row ? { id: row.id, name: row.name, arms: row.arms, blockSize: row.block_size, seed: row.seed, state: row.state, createdAt: new Date(row.created_at) } : null;
}

export async function requireExperiment(db: Db, programId: string): Promise<ExperimentRow> {
  const experiment = await currentExperiment(db, programId);
  if (!experiment) throw new UserError('This program has no training experiment. Create one with `/mentor training experiment create <name> <arm>,<arm>`.', 'no_experiment');
  return experiment;
}

export interface ArmCount {
  armId: string;
  assigned: number;
  matched: number;
  attended: number;
}

/** Per arm: mentors assigned, of them matched (any match that started), and attendance records. */
export async function armCounts(db: Db, experimentId: string): Promise<Map<string, ArmCount>> {
  const rows = await queryRows<{ arm_id: string; assigned: number; matched: number; attended: number }>(
    db,
    sql`select a.arm_id, count(*)::int as assigned,
          count(*) filter (where exists (select 1 from matches m where m.mentor_id = a.person_id and m.started_on is not null and m.program_id = e.program_id))::int as matched,
          coalesce(sum((select count(*) from experiment_attendance t where t.assignment_id = a.id)), 0)::int as attended
        from experiment_assignments a join experiments e on e.id = a.experiment_id
        where a.experiment_id = ${experimentId}::uuid group by a.arm_id`,
  );
  return new Map(rows.map((r) => [r.arm_id, { armId: r.arm_id, assigned: r.assigned, matched: r.matched, attended: r.attended }]));
}
