/**
 * Every table that can hold a person's data, and what export and erasure do with it. A test
 * checks this list against the schema, so a new table cannot slip past either.
 */
export const PERSONAL_DATA = {
  people: 'exported; erased by pseudonymising (name, time zone and platform id removed)',
  applications: 'exported; deleted (with its answers)',
  intake_answers: 'exported; deleted with the application',
  consent_records: 'exported; kept, pseudonymised: the programme must be able to show consent was asked',
  training_records: 'exported; deleted',
  program_roles: 'exported; deleted',
  prompts: 'deleted (questions asked of the person; answers live elsewhere)',
  reminders: 'deleted',
  outbox: 'deleted (messages queued or sent to the person)',
  audit_log: 'kept as the record of coordinators’ decisions, pseudonymised; free-text details removed',
  inbound_events: 'holds platform event ids only, no personal data; expires after 7 days',
} as const;
