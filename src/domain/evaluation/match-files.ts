import { queryRows, sql } from '../../db/client.js';
import { DAY, type DatasetFile, type FileContext, type Row } from './dataset-file.js';

/** One row per match: its pair, length against plan, and how it ended. */
export async function matchesFile({ db, programId, p, localDay, now }: FileContext): Promise<DatasetFile> {
  const matches = await queryRows<Row>(
    db,
    sql`select m.id, m.mentor_id, m.mentee_id, m.state, m.planned_end_on - m.started_on as planned,
          coalesce(${localDay('m.closed_at')}, ${localDay(`'${now.toISOString()}'::timestamptz`)}) - m.started_on as lasted,
          c.type, c.reason
        from matches m left join match_closures c on c.match_id = m.id
        where m.program_id = ${programId}::uuid order by m.number`,
  );
  return {
    name: 'matches',
    about: 'one row per match proposed to a pair',
    columns: [
      { name: 'match', meaning: 'the match’s pseudonym' },
      { name: 'mentor', meaning: 'the mentor’s pseudonym' },
      { name: 'mentee', meaning: 'the mentee’s pseudonym' },
      { name: 'state', meaning: 'awaiting_acceptance, active, declined (a member said no before it started) or closed' },
      { name: 'planned_days', meaning: 'the planned length, in days' },
      { name: 'days', meaning: 'how long it ran: to its close, or to the day of the export while active' },
      { name: 'reached_planned_length', meaning: 'yes when it ran at least its planned length' },
      { name: 'closure', meaning: 'planned or early, as the coordinator closed it (blank: open, declined, or ended by an erasure)', category: true },
      { name: 'closure_reason', meaning: 'the program’s reason for the closure', category: true },
    ],
    rows: matches.map((r) => ({
      match: p('M', r.id as string),
      mentor: p('P', r.mentor_id as string),
      mentee: p('P', r.mentee_id as string),
      state: r.state,
      planned_days: r.planned ?? '',
      days: r.lasted ?? '',
      reached_planned_length: r.planned === null || r.lasted === null ? '' : Number(r.lasted) >= Number(r.planned) ? 'yes' : 'no',
      closure: r.type ?? '',
      closure_reason: r.reason ?? '',
    })),
    people: (r) => [r.mentor as string, r.mentee as string],
  };
}

/** One row per meeting recorded. */
export async function meetingsFile({ db, programId, p }: FileContext): Promise<DatasetFile> {
  const meetings = await queryRows<Row>(
    db,
    sql`select x.match_id, x.met_on - m.started_on as day, x.minutes, x.source
        from match_meetings x join matches m on m.id = x.match_id where m.program_id = ${programId}::uuid order by x.met_on, x.created_at`,
  );
  return {
    name: 'meetings',
    about: 'one row per meeting recorded (a "yes" to the check-in’s meeting question, or `/mentor met`)',
    columns: [
      { name: 'match', meaning: 'the match’s pseudonym' },
      { name: 'day', meaning: DAY },
      { name: 'minutes', meaning: 'how long, when given' },
      { name: 'source', meaning: 'checkin or command' },
    ],
    rows: meetings.map((r) => ({ match: p('M', r.match_id as string), day: r.day ?? '', minutes: r.minutes ?? '', source: r.source })),
    people: () => [],
  };
}

/** One row per alert raised about a match, without what it quoted. */
export async function alertsFile({ db, programId, p, localDay }: FileContext): Promise<DatasetFile> {
  const alerts = await queryRows<Row>(
    db,
    sql`select a.match_id, a.person_id, a.rule, ${localDay('a.raised_at')} - m.started_on as day,
          ${localDay('a.acknowledged_at')} - ${localDay('a.raised_at')} as to_ack, ${localDay('a.resolved_at')} - ${localDay('a.raised_at')} as to_resolve
        from match_alerts a join matches m on m.id = a.match_id where a.program_id = ${programId}::uuid order by a.raised_at`,
  );
  return {
    name: 'alerts',
    about: 'one row per alert raised to coordinators about a match (what it quoted is left out)',
    columns: [
      { name: 'match', meaning: 'the match’s pseudonym' },
      { name: 'person', meaning: 'the pseudonym of the member whose answers raised it (blank: about the match)' },
      { name: 'rule', meaning: 'the alert rule (low_score, missed_checkins, no_meeting, score_drop, rating_gap, not_working, safeguarding, ...)', category: true },
      { name: 'day', meaning: DAY },
      { name: 'days_to_acknowledge', meaning: 'days from raised to acknowledged (blank: not acknowledged)' },
      { name: 'days_to_resolve', meaning: 'days from raised to resolved (blank: open)' },
    ],
    rows: alerts.map((r) => ({
      match: p('M', r.match_id as string),
      person: p('P', r.person_id as string | null),
      rule: r.rule,
      day: r.day ?? '',
      days_to_acknowledge: r.to_ack ?? '',
      days_to_resolve: r.to_resolve ?? '',
    })),
    people: (r) => [(r.person as string) || (r.match as string)],
  };
}

/** One row per coordinator contact, without its note. */
export async function contactsFile({ db, programId, p }: FileContext): Promise<DatasetFile> {
  const contacts = await queryRows<Row>(
    db,
    sql`select c.match_id, c.person_id, c.contacted_on - m.started_on as day, c.how, c.minutes
        from support_contacts c left join matches m on m.id = c.match_id where c.program_id = ${programId}::uuid order by c.contacted_on`,
  );
  return {
    name: 'contacts',
    about: 'one row per coordinator contact logged with a member (the note is left out)',
    columns: [
      { name: 'match', meaning: 'the match’s pseudonym' },
      { name: 'person', meaning: 'the member’s pseudonym' },
      { name: 'day', meaning: DAY },
      { name: 'how', meaning: 'how the contact was made', category: true },
      { name: 'minutes', meaning: 'how long, when given' },
    ],
    rows: contacts.map((r) => ({ match: p('M', r.match_id as string | null), person: p('P', r.person_id as string | null), day: r.day ?? '', how: r.how, minutes: r.minutes ?? '' })),
    people: (r) => [r.person as string],
  };
}
