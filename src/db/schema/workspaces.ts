import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A Slack team, a Discord guild, or the terminal: where a program lives. */
export const workspaces = pgTable(
  'workspaces',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    platform: text('platform', { enum: ['terminal', 'slack', 'discord'] }).notNull(),
    externalId: text('external_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('workspaces_platform_external_uq').on(t.platform, t.externalId)],
);

/** One row per platform identity; erasure blanks the personal columns and keeps the id. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    platformUserId: text('platform_user_id').notNull(),
    displayName: text('display_name'),
    /** Their own answer, which wins over the platform's. */
    timeZone: text('time_zone'),
    /** The time zone of their platform profile (Slack's `tz`), read once on first contact. */
    platformTimeZone: text('platform_time_zone'),
    /** The platform's DM conversation with the bot (Slack's D… id), kept so a restart need not open it again. */
    dmChannel: text('dm_channel'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('people_workspace_user_uq').on(t.workspaceId, t.platformUserId)],
);

/** Inbound event ids already handled: a platform's redelivery must act once. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.eventId] }),
    index('inbound_events_received_idx').on(t.receivedAt),
  ],
);
