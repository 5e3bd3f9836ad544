import { ApplicationCommandOptionType as T, ButtonStyle, ComponentType, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { intakeSteps } from '../../../src/domain/intake/intake-questionnaire.js';
import { apiUser, type FakeUser } from '../../fakes/discord/fake-discord.js';
import { alice, bob, callback, coordinator, handled, posted, startHarness, type Harness } from './harness.js';

type Component = { type: number; custom_id: string; label?: string; style?: number; disabled?: boolean; max_values?: number; placeholder?: string; options?: { value: string; label: string; default?: boolean }[] };
type Body = { content: string; embeds: { description?: string; fields?: { name: string; value: string }[] }[]; components: { components: Component[] }[] };
/** One message the bot posted in someone's DM: what it sent, and the message Discord made of it. */
type Dm = { body: Body; message: Record<string, unknown> };
type Callback = Awaited<ReturnType<typeof callback>>;

const erin: FakeUser = { id: '1800000000000000005', username: 'erin' };
const DAY = 86_400_000;
const components = (dm: Dm) => dm.body.components.flatMap((row) => row.components);
const summary = (dm: Dm) => components(dm).map((c) => (c.type === ComponentType.StringSelect ? `select(max ${c.max_values})` : c.label)).join(' | ');
const mention = (user: FakeUser) => `<@${user.id}>`;

/** The one DM a step sent. */
function only(dms: Dm[]): Dm {
  expect(dms.map((d) => d.body.content)).toHaveLength(1);
  return dms[0]!;
}

/** A conversation with the bot through the real discord.js client: slash commands, clicks, selects, typed DMs. */
function driver(h: Harness) {
  const channel = (user: FakeUser) => h.fake.rest.dmChannels.get(user.id);
  const dmsSince = (user: FakeUser, mark: number): Dm[] =>
    h.since(mark, (r) => r.method === 'POST' && r.path === `/channels/${channel(user)}/messages`).map((r) => ({ body: r.body as Body, message: r.response as Record<string, unknown> }));
  /** Answers a component on a DM, then lets the outbox deliver the next step. */
  async function interact(user: FakeUser, dm: Dm, data: { custom_id: string; component_type: number; values?: string[] }) {
    const mark = h.mark();
    const update = await callback(h, h.fake.component(user, dm.message, data, { dm: true }));
    await h.drain();
    return { update, dms: dmsSince(user, mark) };
  }
  return {
    dmsSince,
    /** `/mentor [group] <name> [person] [item]`: the interaction's response, after which the outbox delivers. */
    async command(user: FakeUser, name: string, person?: FakeUser, item?: string): Promise<Callback> {
      const options = [...(person ? [{ type: T.User, name: 'person', value: person.id }] : []), ...(item ? [{ type: T.String, name: 'item', value: item }] : [])];
      const resolved = person ? { users: { [person.id]: apiUser(person) } } : undefined;
      const [group, leaf] = name.includes(' ') ? name.split(' ') : [null, name];
      const sub = { type: T.Subcommand, name: leaf!, options };
      const body = await callback(h, h.fake.command(user, { options: [group ? { type: T.SubcommandGroup, name: group, options: [sub] } : sub], resolved }));
      await h.drain();
      return body;
    },
    click(user: FakeUser, dm: Dm, label: string) {
      const button = components(dm).find((c) => c.type === ComponentType.Button && c.label === label);
      if (!button) throw new Error(`no button “${label}” on: ${dm.body.content} [${summary(dm)}]`);
      return interact(user, dm, { custom_id: button.custom_id, component_type: ComponentType.Button });
    },
    select(user: FakeUser, dm: Dm, labels: string[]) {
      const select = components(dm).find((c) => c.type === ComponentType.StringSelect);
      const values = labels.map((l) => select?.options?.find((o) => o.label === l)?.value ?? l);
      return interact(user, dm, { custom_id: select!.custom_id, component_type: ComponentType.StringSelect, values });
    },
    /** Types a DM to the bot: its reply in the DM (when it refuses), then what the outbox sent. */
    async say(user: FakeUser, text: string): Promise<Dm[]> {
      const mark = h.mark();
      const outcome = await handled(h, h.fake.directMessage(user, text));
      if (outcome !== 'ok') await posted(h, mark, channel(user));
      await h.drain();
      return dmsSince(user, mark);
    },
  };
}

/** `/mentor join`, the role button, and "Continue" through every orientation page: returns the consent DM. */
async function throughOrientation(h: Harness, d: ReturnType<typeof driver>, user: FakeUser, role: 'mentor' | 'mentee'): Promise<Dm> {
  const mark = h.mark();
  const joined = await d.command(user, 'join');
  expect(joined).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
  expect(joined.data?.content).toBe('Thanks for your interest! I have sent you a direct message to get started.');
  const choose = only(d.dmsSince(user, mark));
  expect(choose.body.content).toContain('**Choose a role**');
  expect(summary(choose)).toBe('Mentor: I would like to support someone | Mentee: I would like to be mentored');
  const picked = await d.click(user, choose, role === 'mentor' ? 'Mentor: I would like to support someone' : 'Mentee: I would like to be mentored');
  // The answered prompt is closed in place: every button disabled, the choice marked.
  expect(picked.update.type).toBe(InteractionResponseType.UpdateMessage);
  const closed = (picked.update.data?.components as Body['components'])[0]!.components;
  expect(closed.map((b) => [b.disabled, b.style])).toEqual([[true, role === 'mentor' ? ButtonStyle.Success : ButtonStyle.Secondary], [true, role === 'mentee' ? ButtonStyle.Success : ButtonStyle.Secondary]]);
  let dm = only(picked.dms);
  const program = h.testApp.catalog.require(h.testApp.catalog.defaultSlug);
  const pages = intakeSteps(program, role).filter((s) => s.key.startsWith('orientation:')).length;
  for (let page = 1; page <= pages; page++) {
    expect(dm.body.content).toContain(`About the program (${page} of ${pages})`);
    expect(dm.body.embeds[0]?.fields?.length).toBeGreaterThan(0);
    expect(summary(dm)).toBe('Continue');
    dm = only((await d.click(user, dm, 'Continue')).dms);
  }
  expect(dm.body.content).toMatch(/^Consent \(version .+\)\n\n\*\*Do you agree\?\*\*/);
  expect(dm.body.embeds[0]?.description).toBe(program.consent.text);
  expect(summary(dm)).toBe('I agree | I do not agree');
  return dm;
}

describe('intake journey through the real discord.js client (workplace program)', () => {
  let h: Harness;
  let d: ReturnType<typeof driver>;
  const rows = async (query: string) => queryRows<Record<string, unknown>>(h.testApp.database.db, sql.raw(query));
  beforeAll(async () => {
    h = await startHarness({ users: [erin] });
    d = driver(h);
    // The coordinator's first contact makes them one (COORDINATORS bootstrap).
    expect((await d.command(coordinator, 'help')).data?.content).toContain('Mentoring bot commands');
  });
  afterAll(async () => h?.close());

  it('takes a mentee from join to approved, through a bad answer, a back, a restart and a pause of days', async () => {
    const consent = await throughOrientation(h, d, bob, 'mentee');
    const currentRole = only((await d.click(bob, consent, 'I agree')).dms);
    expect(currentRole.body.content).toContain('Question 1 of 9\n\n**What is your current role and team?**');
    expect(currentRole.body.content).toContain('Reply to this message with your answer, or press Answer.');
    expect(summary(currentRole)).toBe('Answer');

    const department = only(await d.say(bob, 'Analyst, Finance'));
    expect(department.body.content).toContain('**Which department do you work in?**');
    const goals = only(await d.say(bob, '2'));
    expect(goals.body.content).toContain('**What would you like to work on with a mentor?**\n_Choose up to three. Reply “back” to change your last answer or “cancel” to stop._');
    expect(components(goals)[0]).toMatchObject({ type: ComponentType.StringSelect, min_values: 1, max_values: 3, placeholder: 'Choose up to 3' });
    const first = await d.select(bob, goals, ['Career growth', 'Technical skills']);
    expect(first.update.type).toBe(InteractionResponseType.UpdateMessage);
    expect((first.update.data?.components as Body['components'])[0]!.components[0]).toMatchObject({ disabled: true });
    const confidence = only(first.dms);
    expect(confidence.body.content).toContain('**How confident do you feel about reaching those goals today?**\n_Reply “back” to change your last answer or “cancel” to stop._\n1 = not at all, 5 = very confident');
    expect(summary(confidence)).toBe('1 | 2 | 3 | 4 | 5');

    // A bad typed value is refused in the DM and changes nothing; `back` asks the goals again.
    expect(only(await d.say(bob, '7')).body.content).toBe('Please answer with a number between 1 and 5.');
    const again = only(await d.say(bob, 'back'));
    expect(again.body.content).toContain('**What would you like to work on with a mentor?**');
    const confidenceAgain = only((await d.select(bob, again, ['Career growth', 'Confidence at work'])).dms);
    const style = only((await d.click(bob, confidenceAgain, '4')).dms);
    expect(style.body.content).toContain('**How structured do you like meetings to be?**');

    // A restart (new process, new gateway session), then three days of silence: the button
    // on the DM sent before the restart still answers the same question.
    await h.restart();
    expect(h.fake.gateway.identifies).toHaveLength(2);
    await h.testApp.app.advanceClock(3 * DAY);
    const timezone = only((await d.click(bob, style, '2')).dms);
    expect(timezone.body.content).toContain('**Which time zone do you work in?**');
    const date = only(await d.say(bob, 'London'));
    expect(date.body.content).toContain('**From which date could you start meeting a mentor?**');
    expect(only(await d.say(bob, 'soon')).body.content).toBe('Please write the date as YYYY-MM-DD, for example 2027-01-15.');
    const commitment = only(await d.say(bob, '2027-01-10'));
    expect(summary(commitment)).toBe('Yes | No');
    const optional = only((await d.click(bob, commitment, 'Yes')).dms);
    expect(optional.body.content).toContain('**Anything you would like your mentor to know about you or what you hope for?**\n_Reply “skip” to leave it out.');

    const mark = h.mark();
    const submitted = only(await d.say(bob, 'skip'));
    expect(submitted.body).toMatchObject({ components: [], embeds: [] });
    expect(submitted.body.content).toMatch(/^Thank you! Your application to Workplace Mentoring Programme as a mentee is submitted\. Next, a coordinator will screen it\. What they check: Conversation with the coordinator held; Line manager knows about the time commitment\./);
    expect(d.dmsSince(coordinator, mark).map((m) => m.body.content)).toEqual([`New mentee application from ${mention(bob)}. \`/mentor application list\` shows the queue.`]);
    const [answers] = await rows(`select count(*)::int as n from (select r.subject_id as application_id, x.question_id, x.value from run_answers x join questionnaire_runs r on r.id = x.run_id where x.question_id not like '\\_%') intake_answers`);
    expect(answers?.n).toBe(8);
    const stored = await rows(`select question_id, value from (select r.subject_id as application_id, x.question_id, x.value from run_answers x join questionnaire_runs r on r.id = x.run_id where x.question_id not like '\\_%') intake_answers where question_id in ('goals', 'timezone', 'confidence') order by question_id`);
    expect(stored).toEqual([
      { question_id: 'confidence', value: 4 },
      { question_id: 'goals', value: ['career-growth', 'confidence-at-work'] },
      { question_id: 'timezone', value: 'Europe/London' },
    ]);

    const said = async (user: FakeUser, name: string, item?: string) => {
      const body = await d.command(user, name, bob, item);
      expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
      return body.data?.content;
    };
    expect(await said(alice, 'application approve')).toBe('`/mentor application approve` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.');
    expect(await said(coordinator, 'application approve')).toBe(`${mention(bob)} cannot be approved yet: the screening checklist is incomplete (still to do: interview, manager_informed). Nothing was changed.`);
    expect(await said(coordinator, 'application check', 'references')).toBe('“references” is not on the screening checklist for a mentee. Items: interview, manager_informed.');
    expect(await said(coordinator, 'application check', 'interview')).toBe(`Ticked “interview” for ${mention(bob)}. Still to do: manager_informed.`);
    expect(await said(coordinator, 'application check', 'manager_informed')).toBe(`Ticked “manager_informed” for ${mention(bob)}. The checklist is complete.`);
    const approving = h.mark();
    expect(await said(coordinator, 'application approve')).toBe(`${mention(bob)}'s application is now approved; they have been told in a direct message.`);
    expect(d.dmsSince(bob, approving).map((m) => m.body.content)).toContain(
      'Good news: your application to Workplace Mentoring Programme as a mentee has been approved! We will be in touch about your match. `/mentor status` shows what happens next.',
    );
    const audit = await rows(`select action from audit_log where action like 'application.%' or action like 'screening.%' order by at`);
    expect(audit.map((a) => a.action)).toEqual(['screening.check', 'screening.check', 'application.approve']);
  });

  it('keeps nothing but the refusal when consent is declined', async () => {
    const consent = await throughOrientation(h, d, alice, 'mentee');
    const declined = await d.click(alice, consent, 'I do not agree');
    expect(only(declined.dms).body.content).toBe('That is completely fine. We have stopped here and kept nothing except the fact that you declined. If you change your mind, `/mentor join` starts again.');
    expect(await rows(`select a.id from applications a join people p on p.id = a.person_id where p.platform_user_id = '${alice.id}'`)).toHaveLength(0);
    const consents = await rows(`select c.decision, c.version from consent_records c join people p on p.id = c.person_id where p.platform_user_id = '${alice.id}'`);
    expect(consents).toEqual([{ decision: 'declined', version: '2026-01' }]);
  });

  it('tells an ineligible mentor which rule and why, and drops their answers', async () => {
    const consent = await throughOrientation(h, d, erin, 'mentor');
    const currentRole = only((await d.click(erin, consent, 'I agree')).dms);
    // A typed answer can also come from the question's Answer button, through a modal.
    const answer = components(currentRole)[0]!;
    const modal = await callback(h, h.fake.component(erin, currentRole.message, { custom_id: answer.custom_id, component_type: ComponentType.Button }, { dm: true }));
    expect(modal).toMatchObject({ type: InteractionResponseType.Modal, data: { custom_id: answer.custom_id, components: [{ label: 'What is your current role and team?' }] } });
    const mark = h.mark();
    const submit = await callback(h, h.fake.modalSubmit(erin, answer.custom_id, { answer: 'Engineer' }, { dm: true, message: currentRole.message }));
    expect(submit).toMatchObject({ type: InteractionResponseType.UpdateMessage, data: { components: [{ components: [{ label: 'Answer', disabled: true }] }] } });
    await h.drain();
    const department = only(d.dmsSince(erin, mark));
    expect(department.body.content).toContain('**Which department do you work in?**');
    const years = only(await d.say(erin, '1'));
    expect(summary(years)).toBe('Answer');
    const expertise = only(await d.say(erin, '1'));
    expect(components(expertise)[0]).toMatchObject({ type: ComponentType.StringSelect, max_values: 7, placeholder: 'Choose all that apply' });
    const style = only((await d.select(erin, expertise, ['Leadership', 'Communication'])).dms);
    const timezone = only((await d.click(erin, style, '3')).dms);
    const before = only(await d.say(erin, 'UTC'));
    expect(summary(before)).toBe('Not yet | Informally | In a formal programme');
    const training = only((await d.click(erin, before, 'Not yet')).dms);
    const code = only((await d.click(erin, training, 'No')).dms);
    expect(code.body.content).toContain('**Do you agree to the mentor code of practice?\nI will respect confidentiality');
    expect(summary(code)).toBe('I agree | I do not agree');
    const outcome = only((await d.click(erin, code, 'I agree')).dms).body.content;
    expect(currentRole.body.content).toContain('Question 1 of 9');
    expect(timezone.body.content).toContain('**Which time zone do you work in?**');
    expect(outcome).toContain('Thank you for applying to Workplace Mentoring Programme. We cannot go on with your application because:\n- Mentors need at least two years of professional experience.');
    expect(outcome).toContain('\n- Mentor training is the most important part of preparing for the role');
    expect(outcome).toContain('If you think this is a mistake, contact Priya Shah');
    const [app] = await rows(`select a.state, (select count(*)::int from (select r.subject_id as application_id, x.question_id, x.value from run_answers x join questionnaire_runs r on r.id = x.run_id where x.question_id not like '\\_%') i where i.application_id = a.id) as answers from applications a join people p on p.id = a.person_id where p.platform_user_id = '${erin.id}'`);
    expect(app).toEqual({ state: 'rejected', answers: 0 });
  });
});

describe('intake journey through the real discord.js client (youth program)', () => {
  let h: Harness;
  let d: ReturnType<typeof driver>;
  beforeAll(async () => {
    h = await startHarness({ programFiles: ['examples/youth.yaml'] });
    d = driver(h);
  });
  afterAll(async () => h?.close());

  it('stops politely under the minimum age and keeps nothing', async () => {
    // Youth programs ask the age right after the role, before orientation and consent.
    const mark = h.mark();
    await d.command(bob, 'join');
    const choose = only(d.dmsSince(bob, mark));
    const age = only((await d.click(bob, choose, 'Mentee: I would like to be mentored')).dms);
    expect(age.body.content).toContain('**How old are you?**');
    expect(summary(age)).toBe('Answer');
    const stop = only(await d.say(bob, '12')).body;
    expect(stop).toMatchObject({ components: [], embeds: [] });
    expect(stop.content).toBe('Thank you for wanting to join Level Up Youth Mentoring. It is for young people aged 13 and over, so we cannot go on with your application. Nothing you told us has been kept.');
    const left = await queryRows<{ n: number }>(h.testApp.database.db, sql`select (select count(*)::int from applications) + (select count(*)::int from consent_records) + (select count(*)::int from (select r.subject_id as application_id, x.question_id, x.value from run_answers x join questionnaire_runs r on r.id = x.run_id where x.question_id not like '\\_%') intake_answers) as n`);
    expect(left[0]?.n).toBe(0);
  });
});
