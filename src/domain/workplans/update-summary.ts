import { and, eq } from 'drizzle-orm';
import type { HandlerContext } from '../../core/bot.js';
import { mention, rich } from '../../core/render.js';
import { matches, matchMembers } from '../../db/schema/index.js';
import { postInMatchChannel } from '../matching/match-channel.js';
import { userOf } from '../matching/create-match.js';
import type { ProgramDefinition } from '../programs/definition.js';
import type { Run } from '../questionnaires/run-store.js';
import { formatAnswer } from '../questionnaires/validate-answer.js';
import { markDone, setStatus } from './plan-changes.js';
import { activityByNumber, partyOfRole, planOfMatch, PARTY_WORDS, type Activity, type Party } from './plan-store.js';
import { STATUS_WORDS } from './plan-view.js';
import { ACTIVITIES_ANSWER, doneByKey, statusKey, type AskedActivity } from './update-questionnaire.js';

/**
 * A finished update: each activity's status applied to the plan (done ones with who did the
 * work), and a short summary posted in the pair's channel: the shareable answers and the
 * statuses. Answers not marked shareable stay with the coordinators.
 */
export async function applyUpdate(ctx: HandlerContext, run: Run, definition: ProgramDefinition, answers: ReadonlyMap<string, unknown>): Promise<void> {
  const now = ctx.clock.now();
  const [match] = await ctx.db.select().from(matches).where(eq(matches.id, run.subjectId!));
  const plan = match ? await planOfMatch(ctx.db, match.id) : null;
  if (!match || !plan) return;
  const [member] = await ctx.db.select({ role: matchMembers.role }).from(matchMembers).where(and(eq(matchMembers.matchId, match.id), eq(matchMembers.personId, run.personId)));
  const pc = { program: definition, programId: match.programId, match, plan, party: member ? partyOfRole(member.role) : null };
  const note = `${definition.workplans?.updateCadence ?? 'regular'} update`;
  const lines: string[] = [];
  for (const asked of (answers.get(ACTIVITIES_ANSWER) as AskedActivity[] | undefined) ?? []) {
    const status = answers.get(statusKey(asked.number)) as Activity['status'] | undefined;
    const activity = await activityByNumber(ctx.db, plan.id, asked.number);
    // Done or dropped meanwhile (by the partner, or a command): the plan already says so.
    if (!status || !activity || activity.status === 'done' || activity.status === 'dropped') continue;
    if (status === 'done') {
      const by = answers.get(doneByKey(asked.number)) as Party;
      await markDone(ctx.db, pc, { personId: run.personId, number: asked.number, by, note, source: 'update', now });
      lines.push(`${asked.number}. “${asked.title}”: done, by ${PARTY_WORDS[by]}`);
    } else {
      await setStatus(ctx.db, pc, { personId: run.personId, activity, status, note, now });
      lines.push(`${asked.number}. “${asked.title}”: ${STATUS_WORDS[status]}`);
    }
  }
  const fields = (definition.workplans?.fields ?? []).filter((q) => q.visibility === 'shareable' && answers.has(q.id));
  const who = member ? ` (${PARTY_WORDS[partyOfRole(member.role)].replace(/^the /, '')})` : '';
  const sections = [
    ...fields.map((q) => ({ text: `${q.prompt} ${formatAnswer(q, answers.get(q.id))}` })),
    ...(lines.length > 0 ? [{ title: 'Activities', text: lines.join('\n') }] : []),
  ];
  await postInMatchChannel(ctx.db, match, {
    key: `plan-update:${run.id}`,
    at: now,
    message: { text: rich`Work-plan update from ${mention(await userOf(ctx.db, run.personId))}${who}:`, sections },
  });
}
