import { queryRows, sql } from '../db/client.js';
import type { Planner, PlannerContext } from './planner.js';

/** A platform redelivers within minutes; a week of event ids is ample to act once. */
export const INBOUND_EVENT_RETENTION_DAYS = 7;
/** Closed prompts and delivered (or dead) messages: who was told what is not kept longer than needed. */
export const CLOSED_PROMPT_RETENTION_DAYS = 30;

/**
 * Housekeeping, once an hour (on the tick at minute 0): drops handled-event ids, closed
 * prompts and delivered messages past their retention, so neither table grows with the life of the programme.
 * It plans no messages, so it returns 0 and never asks `advance` to stop for it.
 */
export const retentionPlanner: Planner = {
  name: 'retention',

  async plan({ db }: PlannerContext, slot: Date): Promise<number> {
    if (slot.getUTCMinutes() !== 0) return 0;
    const day = 86_400_000;
    const events = new Date(slot.getTime() - INBOUND_EVENT_RETENTION_DAYS * day).toISOString();
    const prompts = new Date(slot.getTime() - CLOSED_PROMPT_RETENTION_DAYS * day).toISOString();
    await queryRows(
      db,
      sql`with e as (delete from inbound_events where received_at < ${events}::timestamptz returning 1),
               p as (delete from prompts where status <> 'open' and answered_at < ${prompts}::timestamptz returning 1),
               o as (delete from outbox where status in ('sent', 'dead') and created_at < ${prompts}::timestamptz returning 1)
          select (select count(*) from e) + (select count(*) from p) + (select count(*) from o) as removed`,
    );
    return 0;
  },
};
