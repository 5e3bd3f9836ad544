import { message } from '../../core/render.js';
import { queryRows, sql } from '../../db/client.js';
import { enqueueDirect } from '../../jobs/enqueue.js';
import { capability } from '../capability.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { ACCEPT_FLOW, acceptanceFlows, DECLINE_REASON_FLOW } from './acceptance.js';
import type { Decider } from './decide-proposal.js';
import { AGREEMENT_FLOW, agreementFlow, introductionDelivery } from './introduction.js';
import { archiveMatchChannel } from './match-channel.js';
import { pairCommands } from './pair-commands.js';
import { roundCommands, roundFlows } from './round-commands.js';
import { capacityCommand, matchesCommand, matchHomeSection } from './roster.js';

// One introduction kind per catalog: the commands that queue it and the registry share it.
const introductions = new WeakMap<ProgramCatalog, ReturnType<typeof introductionDelivery>>();
function introductionOf(catalog: ProgramCatalog) {
  let kind = introductions.get(catalog);
  if (!kind) introductions.set(catalog, (kind = introductionDelivery(catalog)));
  return kind;
}
const decider = (catalog: ProgramCatalog): Decider => ({ catalog, introduction: () => introductionOf(catalog) });

export default capability({
  name: 'matching',
  order: 55,
  commands: ({ catalog }) => [...roundCommands(decider(catalog)), ...pairCommands(decider(catalog)), capacityCommand(catalog), matchesCommand(catalog)],
  flows: ({ catalog }) => ({ ...roundFlows(decider(catalog)), ...acceptanceFlows(catalog, () => introductionOf(catalog)), [AGREEMENT_FLOW]: agreementFlow() }),
  deliveries: ({ catalog }) => [introductionOf(catalog)],
  homeSections: () => [matchHomeSection],
  allowedDuringReconsent: { flows: [ACCEPT_FLOW, DECLINE_REASON_FLOW] },
  personalData: [
    {
      title: 'matches',
      why: 'the pairs a person is or was in; kept against the pseudonymised person for the program’s evaluation, the partner told when an open match ends by erasure',
      columns: [
        { table: 'matches', column: 'mentor_id', erase: 'keep' },
        { table: 'matches', column: 'mentee_id', erase: 'keep' },
        { table: 'matches', column: 'approved_by', erase: 'clear' },
        { table: 'matches', column: 'coordinator_id', erase: 'clear' },
        { table: 'match_members', column: 'person_id', erase: 'keep' },
      ],
      export: (db, personId) =>
        queryRows(db, sql`select p.name as program, m.number, mm.role, m.state, m.started_on, m.planned_end_on, m.closed_at, m.close_reason,
            mm.accepted_at, mm.declined_at, mm.decline_reason, mm.acknowledged_at
          from match_members mm join matches m on m.id = mm.match_id join programs p on p.id = m.program_id
          where mm.person_id = ${personId}::uuid order by m.approved_at`),
      async erase(db, personId, now) {
        // An open match cannot go on without them: close it, and tell the partner without naming anyone.
        const closed = await queryRows<{ partner: string; program_id: string; id: string; name: string; channel: string | null }>(
          db,
          sql`update matches m set state = 'closed', closed_at = ${now.toISOString()}::timestamptz, close_reason = 'erased', parts = null
              from programs p
              where p.id = m.program_id and m.state in ('awaiting_acceptance', 'active')
                and (m.mentor_id = ${personId}::uuid or m.mentee_id = ${personId}::uuid)
              returning case when m.mentor_id = ${personId}::uuid then m.mentee_id else m.mentor_id end as partner, m.program_id, m.id, p.name, m.channel`,
        );
        for (const c of closed) {
          await enqueueDirect(db, {
            key: `match-erased:${c.id}`,
            personId: c.partner,
            programId: c.program_id,
            at: now,
            message: message(`Your match in ${c.name} has ended: your partner has left the program and asked for their data to be deleted. A coordinator will be in touch about what happens next.`),
          });
          // As when a coordinator closes a match: the channel stays readable, nobody writes in it.
          await archiveMatchChannel(db, { programId: c.program_id, channel: c.channel }, { key: `closure-archive:${c.id}`, at: now });
        }
        // Outside youth programs a channel's name carries first names.
        await db.execute(sql`update matches set parts = null, channel_name = null where mentor_id = ${personId}::uuid or mentee_id = ${personId}::uuid`);
        await db.execute(sql`update match_members set decline_reason = null where person_id = ${personId}::uuid`);
        await db.execute(sql`update prompts set status = 'cancelled' where status = 'open' and flow in (${ACCEPT_FLOW}, ${DECLINE_REASON_FLOW}, ${AGREEMENT_FLOW})
          and context in (select id::text from matches where close_reason = 'erased' and (mentor_id = ${personId}::uuid or mentee_id = ${personId}::uuid))`);
      },
    },
    {
      title: 'matching proposals',
      why: 'rounds and pairs proposed to coordinators, exclusions and capacities: working data, deleted',
      columns: [
        { table: 'match_proposals', column: 'mentor_id', erase: 'delete' },
        { table: 'match_proposals', column: 'mentee_id', erase: 'delete' },
        { table: 'match_proposals', column: 'decided_by', erase: 'clear' },
        { table: 'match_unmatched', column: 'person_id', erase: 'delete' },
        { table: 'match_rounds', column: 'created_by', erase: 'clear' },
        { table: 'match_exclusions', column: 'mentor_id', erase: 'delete' },
        { table: 'match_exclusions', column: 'mentee_id', erase: 'delete' },
        { table: 'match_exclusions', column: 'created_by', erase: 'clear' },
        { table: 'mentor_capacities', column: 'person_id', erase: 'delete' },
        { table: 'mentor_capacities', column: 'set_by', erase: 'clear' },
      ],
      export: (db, personId) =>
        queryRows(db, sql`select 'capacity' as kind, c.capacity::text as detail, c.set_at as at from mentor_capacities c where c.person_id = ${personId}::uuid
          union all select 'proposed in round ' || r.number, x.status, x.created_at from match_proposals x join match_rounds r on r.id = x.round_id
            where x.mentor_id = ${personId}::uuid or x.mentee_id = ${personId}::uuid
          union all select 'not matched in round ' || r.number, u.reason, r.created_at from match_unmatched u join match_rounds r on r.id = u.round_id
            where u.person_id = ${personId}::uuid`),
    },
  ],
});
