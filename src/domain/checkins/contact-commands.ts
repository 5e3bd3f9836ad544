import { eq } from 'drizzle-orm';
import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { joinRich, mention, rich } from '../../core/render.js';
import { matches, supportContacts } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { openMatchesOf, programDay } from '../matching/create-match.js';
import { matchByNumber } from '../matching/match-by-number.js';
import { findParticipation } from '../participants/participation-store.js';
import { findPerson } from '../people/ensure-person.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import { rolesOf } from '../roles/grant-role.js';
import { DUE_SOON_DAYS, memberContacts } from './contacts.js';

export const CONTACT_WAYS = ['call', 'video', 'in-person', 'message', 'email'] as const;
const MAX_MINUTES = 600;
const MAX_NOTE = 1000;

/** "20 Talked about goals" → minutes and note; either may be left out. */
function minutesAndNote(details: string): { minutes: number | null; note: string | null } {
  const [first, ...rest] = details.trim().split(/\s+/);
  if (first && /^\d+$/.test(first)) {
    const minutes = Number(first);
    if (minutes < 1 || minutes > MAX_MINUTES) throw new UserError(`Minutes must be a whole number from 1 to ${MAX_MINUTES}, got ${first}. Nothing was recorded.`, 'bad_argument');
    return { minutes, note: rest.join(' ') || null };
  }
  return { minutes: null, note: details.trim() || null };
}

/** `/mentor contact log @person <how> [minutes] [note]`, `/mentor contact due`. */
export function contactCommands(catalog: ProgramCatalog): CommandDef[] {
  return [
    {
      path: ['contact', 'log'],
      summary: 'Log a contact with a participant (how, and optionally minutes and a note)',
      access: 'coordinator',
      args: [
        { name: 'person', type: 'user', description: 'who you were in touch with' },
        { name: 'how', type: 'choice', choices: [...CONTACT_WAYS], description: CONTACT_WAYS.join(', ') },
        { name: 'details', type: 'text', description: '[minutes] [note], e.g. “20 Talked through their goals”', optional: true },
      ],
      async run(ctx, args) {
        const { program, programId } = requireProgram(ctx, catalog);
        const user = String(args.person);
        const { minutes, note } = minutesAndNote(String(args.details ?? ''));
        if (note && note.length > MAX_NOTE) throw new UserError(`Please keep the note under ${MAX_NOTE} characters (yours has ${note.length}). Nothing was recorded.`, 'bad_argument');
        const personId = await findPerson(ctx.db, ctx.principal.workspaceId, user);
        const participation = personId ? await findParticipation(ctx.db, programId, personId) : null;
        if (!personId || !participation) {
          throw new UserError(rich`${mention(user)} is not a participant of this program. Nothing was recorded.`, 'not_participant');
        }
        const now = ctx.clock.now();
        const today = programDay(program, now).toISODate()!;
        const match = (await openMatchesOf(ctx.db, programId, personId)).find((m) => m.state === 'active');
        await ctx.db.insert(supportContacts).values({ programId, matchId: match?.id ?? null, personId, coordinatorId: ctx.principal.personId, contactedOn: today, how: String(args.how), minutes, note, createdAt: now });
        await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, subjectId: personId, action: 'contact.log', details: { how: args.how, minutes }, at: now });
        const next = match ? (await memberContacts(ctx.db, program, programId, today)).find((m) => m.personId === personId) : undefined;
        const then = next ? ` Next contact due by ${next.due}.` : '';
        ctx.reply(rich`Logged: ${String(args.how)} with ${mention(user)} on ${today}${minutes ? ` (${minutes} minutes)` : ''}.${then}`);
      },
    },
    {
      path: ['contact', 'due'],
      summary: 'Who is due or overdue a coordinator contact',
      access: 'coordinator',
      args: [],
      async run(ctx) {
        const { program, programId } = requireProgram(ctx, catalog);
        const today = programDay(program, ctx.clock.now()).toISODate()!;
        const members = (await memberContacts(ctx.db, program, programId, today)).filter((m) => m.daysOverdue > -DUE_SOON_DAYS);
        if (members.length === 0) {
          ctx.reply(`Nobody is due a contact in the next ${DUE_SOON_DAYS} days.`);
          return;
        }
        members.sort((a, b) => b.daysOverdue - a.daysOverdue);
        const lines = members.map((m) => {
          const when = m.daysOverdue > 0 ? `overdue by ${m.daysOverdue} day${m.daysOverdue === 1 ? '' : 's'} (due ${m.due})` : `due by ${m.due}`;
          const mine = m.coordinatorId === ctx.principal.personId ? ', your match' : '';
          return rich`${mention(m.user)} (${m.role}, match ${String(m.matchNumber)}${mine}): ${when}; last contact ${m.lastContact ?? 'none yet'}`;
        });
        ctx.reply(joinRich([`${members.length} contact${members.length === 1 ? '' : 's'} due or overdue (\`/mentor contact log @person <how>\` logs one):`, ...lines], '\n'));
      },
    },
    {
      path: ['match', 'assign'],
      summary: 'Give a match its own coordinator, who gets its alerts',
      access: 'coordinator',
      args: [
        { name: 'match', type: 'number', description: 'the match number (`/mentor match list`)' },
        { name: 'coordinator', type: 'user', description: 'the coordinator' },
      ],
      async run(ctx, args) {
        const { programId } = requireProgram(ctx, catalog);
        const match = await matchByNumber(ctx.db, programId, args.match);
        const { number } = match;
        if (match.state !== 'active' && match.state !== 'awaiting_acceptance') throw new UserError(`Match ${number} has ended. Nothing was changed.`, 'bad_argument');
        const user = String(args.coordinator);
        const coordinatorId = await findPerson(ctx.db, ctx.principal.workspaceId, user);
        if (!coordinatorId || !(await rolesOf(ctx.db, programId, coordinatorId)).has('coordinator')) {
          throw new UserError(rich`${mention(user)} is not a coordinator of this program. Nothing was changed.`, 'not_coordinator');
        }
        const now = ctx.clock.now();
        await ctx.db.update(matches).set({ coordinatorId }).where(eq(matches.id, match.id));
        await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, subjectId: coordinatorId, action: 'match.assign', details: { match: number }, at: now });
        ctx.reply(rich`Match ${String(number)} is now looked after by ${mention(user)}: its alerts go to them first.`);
      },
    },
  ];
}
