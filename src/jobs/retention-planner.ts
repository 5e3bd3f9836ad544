import { queryRows, sql } from '../db/client.js';
import { claimRunSql, type Planner, type PlannerContext } from './planner.js';

/** A platform redelivers within minutes; a week of event ids is ample to act once. */
export const INBOUND_EVENT_RETENTION_DAYS = 7;
/** Closed prompts and delivered (or dead) messages: who was told what is not kept longer than needed. */
export const CLOSED_PROMPT_RETENTION_DAYS = 30;
/** How often the sweep runs, at most. */
export const RETENTION_EVERY_MS = 60 * 60_000;

const DAY_MS = 86_400_000;

/**
 * Housekeeping, at most once an hour: drops handled-event ids, closed prompts and delivered
 * messages past their retention, so no table grows with the life of the programme.
 *
 * "Once an hour" is counted from its last run, recorded in planner_runs (claimRunSql), not read off the
 * clock: any tick an hour or more after the last run does it, whatever the cron schedule and
 * however `advance` jumps. Claiming the run and the deletes are one statement (a conditional
 * upsert feeding the deletes), so two replicas never both sweep, and a failed sweep is not
 * recorded as done. Each delete is a range scan of a partial index on its time column.
 * Housekeeping: it plans no messages, returns 0, and never asks `advance` to stop for it.
 */
export const retentionPlanner: Planner = {
  name: 'retention',
  housekeeping: true,

  async plan({ db }: PlannerContext, slot: Date): Promise<number> {
    const events = new Date(slot.getTime() - INBOUND_EVENT_RETENTION_DAYS * DAY_MS).toISOString();
    const closed = new Date(slot.getTime() - CLOSED_PROMPT_RETENTION_DAYS * DAY_MS).toISOString();
    await queryRows(
      db,
      sql`with run as (${claimRunSql('retention', slot, RETENTION_EVERY_MS)}),
          e as (delete from inbound_events where received_at < ${events}::timestamptz and exists (select 1 from run) returning 1),
          p as (delete from prompts where status <> 'open' and answered_at < ${closed}::timestamptz and exists (select 1 from run) returning 1),
          o as (delete from outbox where status in ('sent', 'dead') and created_at < ${closed}::timestamptz and exists (select 1 from run) returning 1)
          select (select count(*) from e) + (select count(*) from p) + (select count(*) from o) as removed`,
    );
    return 0;
  },
};
