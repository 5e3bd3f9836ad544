import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { channelRef, joinRich, mention, rich, type RichText, type Section } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matches, mentorCapacities, people } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import type { HomeSection } from '../capability.js';
import { findPerson } from '../people/ensure-person.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import { describeHealth, matchHealth } from '../checkins/match-health.js';
import { loadCandidates, OPEN_MATCH_STATES } from './pool.js';

const MAX_CAPACITY = 20;

/** `/mentor match capacity @mentor <n>`: how many mentees a mentor takes, whatever they answered. */
export function capacityCommand(catalog: ProgramCatalog): CommandDef {
  return {
    // Under `match`: Discord allows /mentor 25 top-level subcommands.
    path: ['match', 'capacity'],
    summary: 'Set how many mentees a mentor can take',
    access: 'coordinator',
    args: [
      { name: 'mentor', type: 'user', description: 'the mentor' },
      { name: 'count', type: 'number', description: `0 to ${MAX_CAPACITY}` },
    ],
    async run(ctx, args) {
      const { program, programId } = requireProgram(ctx, catalog);
      const count = Number(args.count);
      if (!Number.isInteger(count) || count < 0 || count > MAX_CAPACITY) {
        throw new UserError(`The capacity must be a whole number from 0 to ${MAX_CAPACITY}, got ${String(args.count)}. Nothing was changed.`, 'bad_argument');
      }
      const user = String(args.mentor);
      const now = ctx.clock.now();
      const personId = await findPerson(ctx.db, ctx.principal.workspaceId, user);
      const mentor = (await loadCandidates(ctx.db, program, programId, now)).mentors.find((m) => m.personId === personId);
      if (!personId || !mentor) throw new UserError(rich`${mention(user)} is not an approved mentor of this program. Nothing was changed.`, 'not_mentor');
      await ctx.db
        .insert(mentorCapacities)
        .values({ programId, personId, capacity: count, setBy: ctx.principal.personId, setAt: now })
        .onConflictDoUpdate({ target: [mentorCapacities.programId, mentorCapacities.personId], set: { capacity: count, setBy: ctx.principal.personId, setAt: now } });
      await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, subjectId: personId, action: 'match.capacity', details: { capacity: count }, at: now });
      const over = mentor.load > count ? ` They already have ${mentor.load}; nobody is unmatched, but they get no new mentee until below it.` : '';
      ctx.reply(rich`${mention(user)} can now take ${count} mentee${count === 1 ? '' : 's'} (currently ${mentor.load}).${over}`);
    },
  };
}

interface MatchLine {
  number: number;
  mentorId: string;
  state: string;
  mentor: string;
  mentee: string;
  startedOn: string | null;
  channel: string | null;
}

async function openMatches(db: Db, programId: string, personId?: string): Promise<MatchLine[]> {
  const mentee = db.$with('mentee').as(db.select({ id: people.id, user: people.platformUserId }).from(people));
  return db
    .with(mentee)
    .select({ number: matches.number, mentorId: matches.mentorId, state: matches.state, mentor: people.platformUserId, mentee: mentee.user, startedOn: matches.startedOn, channel: matches.channel })
    .from(matches)
    .innerJoin(people, eq(people.id, matches.mentorId))
    .innerJoin(mentee, eq(mentee.id, matches.menteeId))
    .where(
      and(
        eq(matches.programId, programId),
        inArray(matches.state, [...OPEN_MATCH_STATES]),
        personId ? sql`(${matches.mentorId} = ${personId}::uuid or ${matches.menteeId} = ${personId}::uuid)` : undefined,
      ),
    )
    .orderBy(matches.number);
}

function where(m: MatchLine): RichText {
  if (m.state === 'awaiting_acceptance') return ' (waiting for both to accept)';
  return joinRich([m.startedOn ? ` since ${m.startedOn}` : '', m.channel ? rich` in ${channelRef(m.channel)}` : ' (channel being opened)'], '');
}

/** `/mentor match list` (`/mentor match list`): every match running or about to, for coordinators. */
export function matchesCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['match', 'list'],
    aliases: [['matches']],
    summary: 'Active matches and how each is doing',
    access: 'coordinator',
    args: [],
    async run(ctx) {
      const { program, programId } = requireProgram(ctx, catalog);
      const rows = await openMatches(ctx.db, programId);
      if (rows.length === 0) {
        ctx.reply(`${program.name} has no active matches yet. \`/mentor match propose\` pairs everyone ready.`);
        return;
      }
      const health = await matchHealth(ctx.db, program, programId, ctx.clock.now());
      const lines = rows.map((m) => rich`${String(m.number)}. ${mention(m.mentor)} (mentor) with ${mention(m.mentee)} (mentee)${where(m)}${describeHealth(health.get(m.number))}`);
      ctx.reply(joinRich([`${program.name}: ${rows.length} match${rows.length === 1 ? '' : 'es'}.`, ...lines], '\n'));
    },
  };
}

/** The person's match in their status and home view. */
export const matchHomeSection: HomeSection = {
  order: 20,
  async describe({ db, principal, programId, now, program }): Promise<Section | null> {
    const rows = await openMatches(db, programId, principal.personId);
    if (rows.length > 0) {
      const lines = rows.map((m) => {
        const mentor = m.mentorId === principal.personId;
        return rich`With ${mention(mentor ? m.mentee : m.mentor)} (your ${mentor ? 'mentee' : 'mentor'})${where(m)}.`;
      });
      return { title: rows.length === 1 ? 'Your match' : 'Your matches', text: joinRich(lines, '\n') };
    }
    const pool = await loadCandidates(db, program, programId, now);
    const me = [...pool.mentors, ...pool.mentees].find((c) => c.personId === principal.personId);
    if (!me || me.unavailable) return null;
    return { title: 'Your match', text: 'Not matched yet: a coordinator will find you a match.' };
  },
};
