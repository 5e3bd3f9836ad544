import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FlowHandler } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { channelRef, mention, message, rich, type Message, type Section } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matches, matchMembers, programs, prompts } from '../../db/schema/index.js';
import { deliveryKind } from '../../jobs/delivery-kind.js';
import { postInMatchChannel } from './match-channel.js';
import { recordPromptMessage } from '../../jobs/prompt-messages.js';
import { openPrompt, takeAnswer } from '../conversation/prompts.js';
import { personHandle } from '../people/ensure-person.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { cancelChase, shareableProfile, type Match } from './create-match.js';
import type { PairPart } from './solve-round.js';
import { withoutAccents } from '../../core/without-accents.js';

export const AGREEMENT_FLOW = 'match-agreement';
const AGREE = [{ value: 'agree', label: 'I agree' }];

/** A channel name without personal names in youth programs; elsewhere the pair's display names. */
function channelName(program: ProgramDefinition, match: Match, names: (string | null)[]): string {
  const slug = (s: string) => withoutAccents(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const parts = names.map((n) => (n ? slug(n).split('-')[0] : '')).filter(Boolean);
  if (program.audience === 'youth' || parts.length < 2) return `mentoring-pair-${match.number}`;
  return `mentoring-${match.number}-${parts.join('-')}`.slice(0, 80);
}

/** The introduction posted in the pair's channel: both profiles, what they share, icebreakers, the agreement. */
export async function introductionMessage(db: Db, program: ProgramDefinition, match: Match, users: { mentor: string; mentee: string }): Promise<Message> {
  const sections: Section[] = [];
  if (program.introduction.welcome) sections.push({ text: program.introduction.welcome });
  for (const [role, personId, user] of [['mentor', match.mentorId, users.mentor], ['mentee', match.menteeId, users.mentee]] as const) {
    const profile = await shareableProfile(db, program, match.programId, personId, role);
    if (profile) sections.push({ title: renderTitle(role, user), text: profile });
  }
  const common = ((match.parts ?? []) as PairPart[]).filter((p) => p.contribution > 0).map((p) => `• ${p.why}`);
  if (common.length > 0) sections.push({ title: 'What you have in common', text: common.join('\n') });
  if (program.introduction.icebreakers.length > 0) {
    sections.push({ title: 'To get you started', text: program.introduction.icebreakers.map((q) => `• ${q}`).join('\n') });
  }
  const a = program.introduction.agreement;
  if (a) {
    sections.push({
      title: 'Your match agreement',
      text: [`How often you meet: ${a.meetingFrequency}`, `How long: ${a.meetingLength}`, `Boundaries: ${a.boundaries}`, `Confidentiality: ${a.confidentiality}`, `Who to contact: ${a.contact}`].join('\n'),
    });
  }
  const until = match.plannedEndOn ? ` until ${match.plannedEndOn}` : '';
  return message(
    rich`Welcome to your mentoring space, ${mention(users.mentor)} (mentor) and ${mention(users.mentee)} (mentee)! Your match in ${program.name} runs from ${match.startedOn ?? 'today'}${until}. Only the two of you${program.youth ? ' and the program staff' : ''} can see this channel.`,
    { sections },
  );
}

const renderTitle = (role: string, user: string) => `About your ${role} (@${user})`;

const payloadSchema = z.object({ matchId: z.uuid() });

/**
 * Opens the pair's private channel, posts the introduction, and asks each member to agree to
 * the match agreement. Each is a recorded step: a retry or a crash opens no second channel and
 * posts nothing twice.
 */
export function introductionDelivery(catalog: ProgramCatalog) {
  return deliveryKind({
    type: 'introduction',
    schema: payloadSchema,
    lane: (p) => `match:${p.matchId}`,
    describeForAlert: () => 'The introduction of a new match',
    async deliver(ctx, p) {
      const [row] = await ctx.db
        .select({ match: matches, slug: programs.slug })
        .from(matches)
        .innerJoin(programs, eq(programs.id, matches.programId))
        .where(eq(matches.id, p.matchId));
      if (!row || row.match.state !== 'active') return;
      const { match } = row;
      const program = catalog.get(row.slug);
      if (!program) throw new Error(`program ${row.slug} is not loaded`);
      const [mentor, mentee] = await Promise.all([personHandle(ctx.db, match.mentorId), personHandle(ctx.db, match.menteeId)]);
      if (!mentor || !mentee) return;
      const adapter = ctx.chat.for(mentor.platform);
      const names = await ctx.step('names', async () => {
        const found = await Promise.all([adapter.lookupUser(mentor.workspace, mentor.user), adapter.lookupUser(mentee.workspace, mentee.user)]);
        return found.map((f) => f?.displayName ?? null);
      });
      const opened = await ctx.step('channel', () =>
        adapter.openPrivateChannel({
          platform: mentor.platform,
          workspace: mentor.workspace,
          name: channelName(program, match, names),
          members: [mentor.user, mentee.user],
          staffRole: program.youth?.staffRole,
          requireStaffRole: program.youth !== undefined,
          topic: `Mentoring in ${program.name}`,
        }),
      );
      await ctx.db.update(matches).set({ channel: opened.channel, channelName: opened.name }).where(eq(matches.id, match.id));
      const to = { platform: mentor.platform, workspace: mentor.workspace, channel: opened.channel };
      const intro = await introductionMessage(ctx.db, program, { ...match, channel: opened.channel }, { mentor: mentor.user, mentee: mentee.user });
      await ctx.step('post', () => adapter.postChannel(to, intro));
      if (!program.introduction.agreement) return;
      for (const [personId, user] of [[match.mentorId, mentor.user], [match.menteeId, mentee.user]] as const) {
        const id = await ctx.step(`agreement-prompt:${personId}`, () => agreementPrompt(ctx.db, match, personId, opened.channel, ctx.clock.now()));
        const msg = message(rich`${mention(user)}, please confirm you have read the match agreement above and agree to it.`, {
          prompt: { id, spec: { kind: 'choice', question: 'Do you agree to the match agreement?', choices: AGREE } },
        });
        const ref = await ctx.step(`agreement-post:${personId}`, () => adapter.postChannel(to, msg));
        await recordPromptMessage(ctx.db, id, ref, ctx.clock.now());
      }
    },
  });
}

/** The member's agreement prompt in the channel: the one already open, or a new one. */
async function agreementPrompt(db: Db, match: Match, personId: string, channel: string, now: Date): Promise<string> {
  const [open] = await db
    .select({ id: prompts.id })
    .from(prompts)
    .where(and(eq(prompts.personId, personId), eq(prompts.flow, AGREEMENT_FLOW), eq(prompts.context, match.id), eq(prompts.status, 'open')));
  if (open) return `${AGREEMENT_FLOW}:${open.id}`;
  const prompt = await openPrompt(db, {
    personId,
    programId: match.programId,
    flow: AGREEMENT_FLOW,
    spec: { kind: 'choice', question: 'Do you agree to the match agreement?', choices: AGREE },
    now,
    context: match.id,
    topic: 'The match agreement',
    where: { kind: 'channel', channel },
  });
  return prompt.id;
}

/** A member agrees: recorded once; when both have, the channel hears it. */
export function agreementFlow(): FlowHandler {
  return {
    async onAction(ctx) {
      const now = ctx.clock.now();
      const taken = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now });
      const matchId = taken.context;
      if (!matchId) throw new UserError('That question is no longer open.', 'stale_prompt');
      await ctx.db
        .update(matchMembers)
        .set({ acknowledgedAt: now })
        .where(and(eq(matchMembers.matchId, matchId), eq(matchMembers.personId, ctx.principal.personId), isNull(matchMembers.acknowledgedAt)));
      await cancelChase(ctx.db, `match-ack:${matchId}:${ctx.principal.personId}`);
      const [waiting] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(matchMembers)
        .where(and(eq(matchMembers.matchId, matchId), isNull(matchMembers.acknowledgedAt)));
      ctx.reply('Thank you: your agreement is recorded.');
      const [match] = await ctx.db.select().from(matches).where(eq(matches.id, matchId));
      if (match?.channel && Number(waiting?.n ?? 0) === 0) {
        await postInMatchChannel(ctx.db, match, {
          key: `match-agreed:${matchId}`,
          message: message(rich`You have both agreed to the match agreement. Enjoy your first meeting! ${channelRef(match.channel)} is yours to plan it.`),
          at: now,
        });
      }
    },
  };
}
