import { and, desc, eq } from 'drizzle-orm';
import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { mention, rich } from '../../core/render.js';
import { matches, matchMeetings, questionnaireRuns } from '../../db/schema/index.js';
import type { CapabilityDeps } from '../capability.js';
import { openMatchesOf, programDay, userOf } from '../matching/create-match.js';
import { requireProgram } from '../programs/require-program.js';
import { reaskOpenSurvey } from '../surveys/reask-survey.js';
import { CHECKIN } from './checkin-questionnaire.js';

const MAX_MINUTES = 600;

/** `/mentor checkin`: the open check-in, and the open survey, asked again now. */
export function checkinCommand(deps: CapabilityDeps): CommandDef {
  return {
    path: ['checkin'],
    summary: 'Answer your open check-in (or survey) now',
    access: 'anyone',
    args: [],
    async run(ctx) {
      const { program, programId } = requireProgram(ctx, deps.catalog);
      const [run] = await ctx.db
        .select()
        .from(questionnaireRuns)
        .where(and(eq(questionnaireRuns.kind, CHECKIN), eq(questionnaireRuns.personId, ctx.principal.personId), eq(questionnaireRuns.programId, programId), eq(questionnaireRuns.status, 'open')))
        .orderBy(desc(questionnaireRuns.createdAt))
        .limit(1);
      if (run) {
        // Asked again where the program asks check-ins: a pair's channel stays the place.
        const [match] = await ctx.db.select({ channel: matches.channel }).from(matches).where(eq(matches.id, run.subjectId));
        const where = program.checkins?.where === 'channel' && match?.channel ? { kind: 'channel' as const, channel: match.channel } : undefined;
        await deps.questionnaires().ask(ctx, run, 'Your mentoring check-in:', where);
      }
      const survey = await reaskOpenSurvey(ctx, deps.questionnaires(), { personId: ctx.principal.personId, programId });
      if (!run && !survey) throw new UserError('You have no check-in or survey waiting. The next one comes on its day; `/mentor status` shows your match.', 'no_checkin');
      const checkin = program.checkins?.where === 'channel' ? 'your check-in in your pair’s channel' : 'your check-in in a direct message';
      ctx.reply(`I have asked you ${[run ? checkin : null, survey ? 'your open survey in a direct message' : null].filter(Boolean).join(' and ')}.`);
    },
  };
}

/** `/mentor met [date] [minutes]`: a meeting of the person's match, today unless a date is given. */
export function metCommand(deps: CapabilityDeps): CommandDef {
  return {
    path: ['met'],
    summary: 'Record that you met your match (optionally when and for how long)',
    access: 'anyone',
    args: [
      { name: 'date', type: 'date', description: 'the day you met (YYYY-MM-DD), today if left out', optional: true },
      { name: 'minutes', type: 'number', description: 'how long, in minutes', optional: true },
    ],
    async run(ctx, args) {
      const { program, programId } = requireProgram(ctx, deps.catalog);
      const now = ctx.clock.now();
      const open = (await openMatchesOf(ctx.db, programId, ctx.principal.personId)).filter((m) => m.state === 'active');
      if (open.length === 0) throw new UserError('You have no active match to record a meeting for.', 'no_match');
      // In a pair's channel, that pair; in a DM, the person's only match.
      const here = ctx.event.where.kind === 'channel' ? open.find((m) => m.channel === (ctx.event.where as { channel: string }).channel) : open.length === 1 ? open[0] : undefined;
      if (!here) throw new UserError('You have several matches: say `/mentor met` in the channel of the one you met.', 'which_match');
      const today = programDay(program, now).toISODate()!;
      const metOn = args.date === undefined ? today : String(args.date);
      if (metOn > today) throw new UserError(`${metOn} is in the future: record a meeting once it has happened.`, 'bad_argument');
      if (here.startedOn && metOn < here.startedOn) throw new UserError(`${metOn} is before your match started (${here.startedOn}).`, 'bad_argument');
      const minutes = args.minutes === undefined ? null : Number(args.minutes);
      if (minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES)) {
        throw new UserError(`Minutes must be a whole number from 1 to ${MAX_MINUTES}, got ${String(args.minutes)}. Nothing was recorded.`, 'bad_argument');
      }
      await ctx.db.insert(matchMeetings).values({ matchId: here.id, recordedBy: ctx.principal.personId, metOn, minutes, source: 'command', createdAt: now });
      const partner = await userOf(ctx.db, here.mentorId === ctx.principal.personId ? here.menteeId : here.mentorId);
      ctx.reply(rich`Recorded: you met ${mention(partner)} on ${metOn}${minutes ? ` for ${minutes} minutes` : ''}. Thank you!`);
    },
  };
}

/** The last meeting of a match, for status views. */
export async function lastMeeting(db: Parameters<typeof openMatchesOf>[0], matchId: string): Promise<string | null> {
  const [row] = await db.select({ on: matchMeetings.metOn }).from(matchMeetings).where(eq(matchMeetings.matchId, matchId)).orderBy(desc(matchMeetings.metOn)).limit(1);
  return row?.on ?? null;
}
