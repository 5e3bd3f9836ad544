import { queryRows, sql } from '../../db/client.js';
import type { DatasetFile, FileContext, Row } from './dataset-file.js';

/** One row per submitted application: role, outcome, matches started, training. */
export async function participantsFile({ db, programId, p, localDay }: FileContext): Promise<DatasetFile> {
  const participants = await queryRows<Row>(
    db,
    sql`select a.person_id, a.role, a.state,
          (select count(*)::int from match_members mm join matches m on m.id = mm.match_id where mm.person_id = a.person_id and m.program_id = a.program_id and m.started_on is not null) as matches,
          (select count(*)::int from training_records t where t.person_id = a.person_id and t.program_id = a.program_id) as training,
          (select min(m.started_on) - ${localDay('a.submitted_at')} from match_members mm join matches m on m.id = mm.match_id
            where mm.person_id = a.person_id and m.program_id = a.program_id and m.started_on is not null) as waited
        from applications a where a.program_id = ${programId}::uuid and a.state <> 'intake' and a.role is not null order by a.created_at`,
  );
  return {
    name: 'participants',
    about: 'one row per application that was submitted',
    columns: [
      { name: 'person', meaning: 'the person’s pseudonym (the same in every export of this program)' },
      { name: 'role', meaning: 'mentor or mentee' },
      { name: 'application', meaning: 'where the application stands: submitted, screening, waitlisted, approved, rejected or withdrawn', category: true },
      { name: 'matches', meaning: 'how many matches the person started' },
      { name: 'training_modules', meaning: 'pre-match training modules recorded as completed' },
      { name: 'days_to_first_match', meaning: 'days from submitting the application to the first match starting (blank: never matched)' },
    ],
    rows: participants.map((r) => ({
      person: p('P', r.person_id as string),
      role: r.role,
      application: r.state,
      matches: r.matches,
      training_modules: r.training,
      days_to_first_match: r.waited ?? '',
    })),
    people: (r) => [r.person as string],
  };
}

/** One row per mentor randomised in a training comparison. */
export async function trainingArmsFile({ db, programId, p }: FileContext): Promise<DatasetFile> {
  const arms = await queryRows<Row>(
    db,
    sql`select dense_rank() over (order by e.created_at, e.id) as experiment, x.person_id, x.arm_id,
          (select count(*)::int from experiment_attendance t where t.assignment_id = x.id) as attended
        from experiment_assignments x join experiments e on e.id = x.experiment_id where e.program_id = ${programId}::uuid order by e.created_at, x.block, x.position`,
  );
  return {
    name: 'training-arms',
    about: 'one row per mentor randomised in a training comparison (`/mentor training experiment`)',
    columns: [
      { name: 'experiment', meaning: 'the experiment, numbered in the order they were created' },
      { name: 'person', meaning: 'the mentor’s pseudonym' },
      { name: 'arm', meaning: 'the arm they were randomised to', category: true },
      { name: 'modules_attended', meaning: 'training modules of the arm recorded as attended' },
    ],
    rows: arms.map((r) => ({ experiment: `E${r.experiment}`, person: p('P', r.person_id as string), arm: r.arm_id, modules_attended: r.attended })),
    people: (r) => [r.person as string],
  };
}
