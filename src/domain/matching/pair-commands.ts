import type { CommandDef, HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { joinRich, mention, rich, type RichText } from '../../core/render.js';
import { matchExclusions } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { findPerson } from '../people/ensure-person.js';
import { requireProgram } from '../programs/require-program.js';
import { askToAccept } from './acceptance.js';
import { createMatch } from './create-match.js';
import type { Decider } from './decide-proposal.js';
import { forbiddenPairs, loadCandidates, type Candidate, type Pool } from './pool.js';
import { describeParts } from './round-view.js';
import { openRound, resolveRound } from './rounds.js';
import { scorePair } from './solve-round.js';

type Ctx = HandlerContext<Parameters<CommandDef['run']>[0]['event']>;

/** The approved participant a coordinator named, in the role the command needs. */
async function candidate(ctx: Ctx, pool: Pool, user: string, role: 'mentor' | 'mentee'): Promise<Candidate> {
  const personId = await findPerson(ctx.db, ctx.principal.workspaceId, user);
  const found = [...pool.mentors, ...pool.mentees].find((c) => c.personId === personId);
  if (!found) throw new UserError(rich`${mention(user)} is not an approved participant of this program. Nothing was changed.`, 'not_approved');
  if (found.role !== role) throw new UserError(rich`${mention(user)} takes part as a ${found.role}, not a ${role}. Nothing was changed.`, 'wrong_role');
  return found;
}

function list(items: readonly RichText[]): RichText {
  return joinRich(items, '; ');
}

/** `/mentor match pair`, `suggest` and `exclude`: a coordinator's own hand on the pool. */
export function pairCommands(d: Decider): CommandDef[] {
  return [
    {
      path: ['match', 'pair'],
      summary: 'Pair a mentor and a mentee yourself (shows the score and any warnings)',
      access: 'coordinator',
      args: [
        { name: 'mentor', type: 'user', description: 'the mentor' },
        { name: 'mentee', type: 'user', description: 'the mentee' },
        { name: 'reason', type: 'text', description: 'why a hard constraint may be broken', keyword: 'override', optional: true },
      ],
      async run(ctx, args) {
        const { program, programId } = requireProgram(ctx, d.catalog);
        const now = ctx.clock.now();
        const pool = await loadCandidates(ctx.db, program, programId, now);
        const mentor = await candidate(ctx, pool, String(args.mentor), 'mentor');
        const mentee = await candidate(ctx, pool, String(args.mentee), 'mentee');
        if (mentee.unavailable) throw new UserError(rich`${mention(mentee.user)} ${mentee.unavailable}. Nothing was changed.`, 'not_available');
        if (mentor.unavailable === 'is taking a break') throw new UserError(rich`${mention(mentor.user)} is taking a break. Nothing was changed.`, 'not_available');
        const scored = scorePair(program, mentor, mentee, await forbiddenPairs(ctx.db, programId), now);
        const broken: RichText[] = [...(mentor.unavailable ? [rich`${mention(mentor.user)} ${mentor.unavailable}`] : []), ...scored.violations];
        const override = args.reason === undefined ? undefined : String(args.reason).trim();
        if (broken.length > 0 && !override) {
          throw new UserError(
            joinRich(
              [
                rich`Not paired: this pair breaks ${broken.length === 1 ? 'a hard constraint' : 'hard constraints'}: `,
                list(broken),
                rich`. To pair them anyway, give your reason: \`/mentor match pair @${mentor.user} @${mentee.user} override <reason>\`.`,
              ],
              '',
            ),
            'hard_constraint',
          );
        }
        const services = { db: ctx.db, now, program, programId, workspaceId: ctx.principal.workspaceId, introduction: d.introduction() };
        const match = await createMatch(services, {
          mentorId: mentor.personId,
          menteeId: mentee.personId,
          score: scored.score,
          parts: scored.parts,
          overrideReason: broken.length > 0 ? override : undefined,
          approvedBy: ctx.principal.personId,
        });
        await recordAudit(ctx.db, {
          workspaceId: ctx.principal.workspaceId,
          programId,
          actorId: ctx.principal.personId,
          subjectId: mentee.personId,
          action: broken.length > 0 ? 'match.pair.override' : 'match.pair',
          details: { match: match.number, mentor: mentor.personId, score: scored.score, ...(broken.length > 0 ? { reason: override } : {}) },
          at: now,
        });
        if (match.state === 'awaiting_acceptance') await askToAccept(services, match);
        const warnings = [...broken, ...scored.warnings];
        ctx.reply(
          joinRich(
            [
              rich`Paired ${mention(mentor.user)} (mentor) with ${mention(mentee.user)} (mentee), score ${scored.score.toFixed(1)}: ${describeParts(scored.parts)}.`,
              ...(warnings.length > 0 ? [joinRich([broken.length > 0 ? 'Overridden: ' : 'Warnings: ', list(warnings), '.'], '')] : []),
              match.state === 'awaiting_acceptance' ? 'I have asked both to accept.' : 'I am opening their private channel.',
            ],
            ' ',
          ),
        );
      },
    },
    {
      path: ['match', 'suggest'],
      summary: 'The three best mentors for a mentee, with why',
      access: 'coordinator',
      args: [{ name: 'mentee', type: 'user', description: 'the mentee' }],
      async run(ctx, args) {
        const { program, programId } = requireProgram(ctx, d.catalog);
        const now = ctx.clock.now();
        const pool = await loadCandidates(ctx.db, program, programId, now);
        const mentee = await candidate(ctx, pool, String(args.mentee), 'mentee');
        if (mentee.unavailable) throw new UserError(rich`${mention(mentee.user)} ${mentee.unavailable}.`, 'not_available');
        const forbidden = await forbiddenPairs(ctx.db, programId);
        const ranked = pool.mentors
          .filter((m) => m.unavailable === null)
          .map((m) => ({ m, s: scorePair(program, m, mentee, forbidden, now) }))
          .filter((x) => x.s.violations.length === 0)
          .sort((a, b) => b.s.score - a.s.score)
          .slice(0, 3);
        if (ranked.length === 0) {
          ctx.reply(rich`No available mentor suits ${mention(mentee.user)} now: every mentor is at capacity, on a break, or breaks a hard constraint.`);
          return;
        }
        const lines = ranked.map((x, i) => rich`${String(i + 1)}. ${mention(x.m.user)}, score ${x.s.score.toFixed(1)}: ${describeParts(x.s.parts)}`);
        ctx.reply(joinRich([rich`Best mentors for ${mention(mentee.user)}:`, ...lines, rich`Pair with \`/mentor match pair @mentor @${mentee.user}\`.`], '\n'));
      },
    },
    {
      path: ['match', 'exclude'],
      summary: 'Never propose this mentor and mentee together',
      access: 'coordinator',
      args: [
        { name: 'a', type: 'user', description: 'one of them' },
        { name: 'b', type: 'user', description: 'the other' },
        { name: 'reason', type: 'text', description: 'why (kept in the audit log)' },
      ],
      async run(ctx, args) {
        const { program, programId } = requireProgram(ctx, d.catalog);
        const now = ctx.clock.now();
        const reason = String(args.reason ?? '').trim();
        if (reason.length < 3) throw new UserError('Please give a reason (a few words): it is kept in the audit log.', 'bad_argument');
        const pool = await loadCandidates(ctx.db, program, programId, now);
        const first = [...pool.mentors, ...pool.mentees].find((c) => c.user === String(args.a));
        const [mentorUser, menteeUser] = first?.role === 'mentee' ? [String(args.b), String(args.a)] : [String(args.a), String(args.b)];
        const mentor = await candidate(ctx, pool, mentorUser, 'mentor');
        const mentee = await candidate(ctx, pool, menteeUser, 'mentee');
        const inserted = await ctx.db
          .insert(matchExclusions)
          .values({ programId, mentorId: mentor.personId, menteeId: mentee.personId, reason, createdBy: ctx.principal.personId, createdAt: now })
          .onConflictDoNothing()
          .returning();
        if (inserted.length === 0) {
          ctx.reply(rich`${mention(mentor.user)} and ${mention(mentee.user)} were already excluded; nothing changed.`);
          return;
        }
        await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, subjectId: mentee.personId, action: 'match.exclude', details: { mentor: mentor.personId, reason }, at: now });
        const round = await openRound(ctx.db, programId);
        if (round) await resolveRound({ db: ctx.db, program, programId, now }, round);
        ctx.reply(rich`${mention(mentor.user)} and ${mention(mentee.user)} will never be proposed together.${round ? ' The open round was solved again: `/mentor match show`.' : ''}`);
      },
    },
  ];
}
