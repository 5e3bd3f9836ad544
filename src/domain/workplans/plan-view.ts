import { and, asc, eq } from 'drizzle-orm';
import { joinRich, mention, message, rich, type Message, type RichText } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { workPlanAgreements, workPlanChanges } from '../../db/schema/index.js';
import { userOf, type Match } from '../matching/create-match.js';
import { plural } from '../matching/words.js';
import { activitiesOf, isMilestone, PARTY_WORDS, type Activity, type Plan } from './plan-store.js';

export const STATUS_WORDS: Record<Activity['status'], string> = {
  not_started: 'not started',
  in_progress: 'in progress',
  done: 'done',
  blocked: 'blocked',
  dropped: 'dropped',
};

export const STATE_WORDS: Record<Plan['state'], string> = { draft: 'draft', active: 'active', revision: 'in revision' };

/** "3. Logic model: led by the community organisation, due 2027-01-31 ..." */
export function describeActivity(a: Activity): string {
  const what = isMilestone(a) ? `Milestone “${a.title}”` : `“${a.title}”`;
  const parts = [`${a.number}. ${what}: led by ${PARTY_WORDS[a.lead]}, due ${a.dueOn}`];
  if (a.deliverable) parts.push(`deliverable: ${a.deliverable}`);
  if (a.indicator) parts.push(`indicator: ${a.indicator}`);
  const status = a.status === 'done' ? `done on ${a.doneOn} by ${PARTY_WORDS[a.doneBy!]}` : STATUS_WORDS[a.status];
  return `${parts.join('; ')}. Status: ${status}.`;
}

/** Who agreed to the current version, and who is still to. */
async function agreementLine(db: Db, plan: Plan, match: Match): Promise<RichText> {
  const agreed = await db.select().from(workPlanAgreements).where(and(eq(workPlanAgreements.planId, plan.id), eq(workPlanAgreements.version, plan.version)));
  const has = new Set(agreed.map((a) => a.personId));
  const [mentor, mentee] = await Promise.all([userOf(db, match.mentorId), userOf(db, match.menteeId)]);
  const waiting = [[match.menteeId, mentee], [match.mentorId, mentor]].filter(([id]) => !has.has(id!)).map(([, user]) => rich`${mention(user!)}`);
  if (plan.state === 'active') return waiting.length === 0 ? 'Both organisations agreed to this version.' : 'Changed since both agreed; it stays active.';
  if (waiting.length === 0) return 'Both agreed to this version.';
  return rich`To make it active, each representative runs \`/mentor plan agree\`; waiting for ${joinRich(waiting, ' and ')}.`;
}

export async function planMessage(db: Db, plan: Plan, match: Match): Promise<Message> {
  const activities = (await activitiesOf(db, plan.id)).filter((a) => a.status !== 'dropped');
  const [mentor, mentee] = await Promise.all([userOf(db, match.mentorId), userOf(db, match.menteeId)]);
  const done = activities.filter((a) => a.status === 'done').length;
  const head = rich`Work plan of partnership ${String(match.number)} (${mention(mentee)}, community organisation, with ${mention(mentor)}, expert organisation): ${STATE_WORDS[plan.state]}, version ${String(plan.version)}.`;
  const sections = [
    {
      title: activities.length === 0 ? 'Activities' : `Activities (${done} of ${activities.length} done)`,
      text: activities.length === 0 ? 'None yet. `/mentor plan add <community|expert|together>` adds one.' : activities.map(describeActivity).join('\n'),
    },
    { text: plan.state === 'draft' ? rich`To be agreed by ${plan.draftDueOn}. ${await agreementLine(db, plan, match)}` : await agreementLine(db, plan, match) },
  ];
  return message(head, { sections });
}

export async function historyMessage(db: Db, plan: Plan, match: Match): Promise<Message> {
  const changes = await db.select().from(workPlanChanges).where(eq(workPlanChanges.planId, plan.id)).orderBy(asc(workPlanChanges.at), asc(workPlanChanges.planVersion));
  if (changes.length === 0) return message(`The work plan of partnership ${match.number} has no changes yet.`);
  const lines: RichText[] = [];
  for (const c of changes) {
    const who = c.actorId ? rich`${mention(await userOf(db, c.actorId))}` : 'mentorbot';
    const day = c.at.toISOString().slice(0, 10);
    lines.push(rich`${day} ${who} ${c.summary}${c.reason ? ` Why: ${c.reason}` : ''}`);
  }
  return message(`Changes to the work plan of partnership ${match.number} (${plural(changes.length, 'change')}, oldest first):`, { sections: [{ text: joinRich(lines, '\n') }] });
}
