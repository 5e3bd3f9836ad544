import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { people, workspaces } from './workspaces.js';

/** A program definition loaded from YAML, bound to one workspace. */
export const programs = pgTable(
  'programs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    audience: text('audience', { enum: ['workplace', 'youth', 'inter-organisational'] }).notNull(),
    definition: jsonb('definition').notNull(),
    definitionHash: text('definition_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('programs_workspace_slug_uq').on(t.workspaceId, t.slug)],
);

export const ROLES = ['coordinator', 'mentor', 'mentee'] as const;
export type RoleName = (typeof ROLES)[number];

/** A person's roles in a program. */
export const programRoles = pgTable(
  'program_roles',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    grantedBy: uuid('granted_by').references(() => people.id, { onDelete: 'set null' }),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.programId, t.personId, t.role] }),
    index('program_roles_role_idx').on(t.programId, t.role),
  ],
);

/** Every coordinator action, for accountability. Details never hold answers. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    programId: uuid('program_id').references(() => programs.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => people.id, { onDelete: 'set null' }),
    subjectId: uuid('subject_id').references(() => people.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    details: jsonb('details').notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('audit_log_program_at_idx').on(t.programId, t.at),
    index('audit_log_subject_idx').on(t.subjectId),
  ],
);
