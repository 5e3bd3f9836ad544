import { ButtonStyle, ComponentType, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { GUILD_ID, type FakeUser } from '../../fakes/discord/fake-discord.js';
import { callback, coordinator, followUp, handled, posted, runScript, startHarness, type Harness } from './harness.js';

const person = (n: number, username: string): FakeUser => ({ id: `18000000000000002${String(n).padStart(2, '0')}`, username });
const nia = person(1, 'nia');
const tom = person(2, 'tom');
/** A second coordinator, who steps down before the last alert is handled. */
const amy = person(3, 'amy');
const PEOPLE = [coordinator, nia, tom, amy];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Button = { type: number; custom_id: string; label: string; style: number; disabled?: boolean };
type Body = { content: string; embeds?: { description?: string; fields?: { name: string; value: string }[] }[]; components?: { type: number; components: Button[] }[] };
/** A message the bot posted: what it sent, and the message Discord made of it (what a click carries back). */
type Posted = { body: Body; message: Record<string, unknown> };
type Callback = Awaited<ReturnType<typeof callback>>;

const buttons = (body: Body) => (body.components ?? []).flatMap((r) => r.components);
/** The text a message shows: its content and its embeds. */
const shown = (body: Body) => [body.content, ...(body.embeds ?? []).flatMap((e) => [e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].join('\n');
/** A button's label without the section number Discord's layout may put before it (`1 · Approve`). */
const label = (b: Button) => b.label.replace(/^\d+ · /, '');
const mention = (user: FakeUser) => `<@${user.id}>`;

/**
 * The check-in and alert steps of test/e2e/terminal/checkins-journey.test.ts through the real
 * discord.js client: a matched pair (imported as `:import` does, matched by the coordinator's
 * commands) is asked in DMs at 10:00 in each member's zone; a low answer and two missed
 * check-ins each reach the coordinators as a DM whose buttons acknowledge and resolve (a modal
 * takes the note). Assertions read what the fake Discord received.
 */
describe('discord: check-ins and alerts through the real discord.js client', () => {
  let h: Harness;
  let lowAlert: Posted;
  let afterAck: Callback;
  const q = <T = Record<string, unknown>>(query: string) => queryRows<T & Record<string, unknown>>(h.testApp.database.db, sql.raw(query));
  const dmChannel = (user: FakeUser) => h.fake.rest.dmChannels.get(user.id);
  /** What the bot posted in a person's DM, successfully. */
  const dms = (user: FakeUser): Posted[] =>
    h.since(0, (r) => r.method === 'POST' && r.path === `/channels/${dmChannel(user)}/messages` && r.status === 200).map((r) => ({ body: r.body as Body, message: r.response as Record<string, unknown> }));
  const checkinsOf = (user: FakeUser) => dms(user).filter((d) => d.body.content.includes('Time for your mentoring check-in'));
  const alertsTo = (user: FakeUser) => dms(user).filter((d) => /^Alert \d+:/.test(d.body.content));
  const button = (body: Body, name: string) => {
    const found = buttons(body).find((b) => b.type === ComponentType.Button && label(b) === name);
    if (!found) throw new Error(`no button “${name}” in: ${shown(body)} [${buttons(body).map((b) => b.label).join(' | ')}]`);
    // Discord offers no click on a disabled button (the fake would take one).
    if (found.disabled) throw new Error(`the button “${name}” is disabled`);
    return found;
  };
  /** A click on a button of a message in the clicker's DM: its callback, its outcome, and what the outbox then delivered. */
  async function press(user: FakeUser, on: { message: Record<string, unknown>; body: Body }, name: string) {
    const id = h.fake.component(user, on.message, { custom_id: button(on.body, name).custom_id, component_type: ComponentType.Button }, { dm: true });
    const reply = await callback(h, id);
    const outcome = await handled(h, id);
    await h.drain();
    return { id, reply, outcome };
  }
  /** Moves the clock as `:advance` does, then lets the outbox deliver what fell due. */
  async function advance(ms: number): Promise<void> {
    await h.testApp.app.advanceClock(ms);
    await h.drain();
  }
  const alertRows = () => q<{ number: number; acknowledged: string | null; resolved: string | null; note: string | null }>(
    `select a.number, k.platform_user_id as acknowledged, r.platform_user_id as resolved, a.note from match_alerts a
      left join people k on k.id = a.acknowledged_by left join people r on r.id = a.resolved_by order by a.number`,
  );
  const audit = () => q(`select l.action, p.platform_user_id as actor from audit_log l join people p on p.id = l.actor_id where l.action like 'alert.%' order by l.at, l.action`);

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC; the workplace program checks in on Wednesdays at 10:00.
    // A long reply budget: a loaded machine still answers in the interaction's own response.
    h = await startHarness({ users: [nia, tom, amy], replyBudgetMs: 20_000 });
    await h.testApp.app.importApplicants('discord', GUILD_ID, 'mentor', `id,department,expertise,timezone,meeting_style\n${nia.id},Engineering,Leadership,America/New_York,3\n`, 'mentors.csv');
    await h.testApp.app.importApplicants('discord', GUILD_ID, 'mentee', `id,department,goals,timezone,meeting_style\n${tom.id},Finance,Leadership,Europe/London,3\n`, 'mentees.csv');
    await runScript(h, `cora: /mentor role grant @amy coordinator\ncora: /mentor match propose\ncora: /mentor match approve all\n`, PEOPLE);
    expect(await q(`select state from matches`)).toEqual([{ state: 'active' }]);
  });
  afterAll(async () => h?.close());

  it('asks each member in a DM at 10:00 in their own time zone, the scale as buttons', async () => {
    // Wednesday 10:01 UTC is 10:01 in London and 05:01 in New York.
    await advance(2 * DAY + HOUR + 60_000);
    expect(checkinsOf(tom)).toHaveLength(1);
    expect(checkinsOf(nia)).toEqual([]);
    await advance(5 * HOUR);
    expect(checkinsOf(nia)).toHaveLength(1);
    for (const { body } of [checkinsOf(tom)[0]!, checkinsOf(nia)[0]!]) {
      expect(body.content).toContain('Your answers go to the program coordinators, not to your match.');
      expect(body.content).toContain('**How is your mentoring going?**');
      expect(body.content).toContain('1 = not well, 5 = very well');
      expect(buttons(body).map((b) => [b.type, b.label, b.disabled ?? false])).toEqual(['1', '2', '3', '4', '5'].map((n) => [ComponentType.Button, n, false]));
    }
  });

  it('takes a member’s answers from the buttons and a typed reply; a low score sends each coordinator an alert DM with Acknowledge and Resolve', async () => {
    const scale = await press(tom, checkinsOf(tom)[0]!, '1');
    expect(scale.outcome).toBe('ok');
    // The answered question is closed in place, the pick marked; the next is asked.
    expect(scale.reply.type).toBe(InteractionResponseType.UpdateMessage);
    const closed = buttons(scale.reply.data as unknown as Body);
    expect(closed.every((b) => b.disabled)).toBe(true);
    expect(closed.filter((b) => b.style === ButtonStyle.Success).map((b) => b.label)).toEqual(['1']);
    const met = dms(tom).at(-1)!;
    expect(met.body.content).toContain('**Have you met since the last check-in?**');
    expect(buttons(met.body).map((b) => b.label)).toEqual(['Yes', 'No']);

    expect((await press(tom, met, 'Yes')).outcome).toBe('ok');
    const note = dms(tom).at(-1)!;
    expect(note.body.content).toContain('**Anything the coordinator should know?**');
    expect(alertsTo(coordinator)).toEqual([]);

    const mark = h.mark();
    const typed = h.fake.directMessage(tom, 'A slow start; we have not found a rhythm yet');
    expect(await handled(h, typed)).toBe('ok');
    expect(((await posted(h, mark, dmChannel(tom))).body as Body).content).toMatch(/^Thank you: your check-in is recorded\./);
    await h.drain();
    for (const to of [coordinator, amy]) {
      const [alert, ...more] = alertsTo(to);
      expect(more).toEqual([]);
      expect(alert!.body.content).toContain(`Alert 1: ${mention(tom)} answered 1 of 5 to “How is your mentoring going?” in their check-in.`);
      expect(buttons(alert!.body).map((b) => [label(b), b.disabled ?? false])).toEqual([
        ['Acknowledge', false],
        ['Resolve', false],
      ]);
      expect(button(alert!.body, 'Acknowledge').style).toBe(ButtonStyle.Primary);
    }
    // The member is not told about the alert; their match hears nothing of it.
    expect([...dms(tom), ...dms(nia)].filter((d) => /Alert/.test(shown(d.body)))).toEqual([]);
    lowAlert = alertsTo(coordinator)[0]!;
  });

  it('acknowledges from the Acknowledge button: the reply says so, the audit log has it, and Resolve is still offered', async () => {
    const ack = await press(coordinator, lowAlert, 'Acknowledge');
    expect(ack.outcome).toBe('ok');
    expect((await followUp(h, ack.id)).content).toBe('Alert 1 acknowledged: it is yours. Resolve it with a note when it is sorted.');
    expect(await alertRows()).toEqual([{ number: 1, acknowledged: coordinator.id, resolved: null, note: null }]);
    expect(await audit()).toEqual([{ action: 'alert.acknowledge', actor: coordinator.id }]);
    // The message now shows Acknowledge taken, and keeps the way to resolve it.
    expect(ack.reply.type).toBe(InteractionResponseType.UpdateMessage);
    afterAck = ack.reply;
    expect(buttons(afterAck.data as unknown as Body).map((b) => [label(b), b.disabled ?? false])).toEqual([
      ['Acknowledge', true],
      ['Resolve', false],
    ]);
  });

  it('resolves from the Resolve button: a modal asks what was done, and its submission resolves the alert', async () => {
    // The message as it now is in the coordinator's DM, with the update applied.
    const current = { body: afterAck.data as unknown as Body, message: { ...lowAlert.message, components: afterAck.data!.components } };
    const click = await press(coordinator, current, 'Resolve');
    expect(click.outcome).toBe('ok');
    expect(click.reply.type).toBe(InteractionResponseType.Modal);
    const modal = click.reply.data as { custom_id: string; title: string; components: { component: { custom_id: string; style: number } }[] };
    const alertId = (await q<{ id: string }>(`select id from match_alerts where number = 1`))[0]!.id;
    expect(modal.custom_id).toBe(`match-alert-resolve:${alertId}`);
    expect(modal.title).toBe('Resolve alert 1');
    expect(modal.components.map((c) => c.component.custom_id)).toEqual(['note']);
    expect((await alertRows())[0]!.resolved).toBeNull();

    const submit = async (note: string) => {
      const id = h.fake.modalSubmit(coordinator, modal.custom_id, { note }, { dm: true, message: current.message });
      const reply = await callback(h, id);
      return { reply, outcome: await handled(h, id) };
    };
    // Too short a note is refused, privately, and changes nothing.
    const short = await submit('ok');
    expect(short.outcome).toBe('refused:bad_argument');
    expect(short.reply.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: 'Please say in a few words what was done: the note is kept with the alert.' });
    expect((await alertRows())[0]!.resolved).toBeNull();

    const done = await submit('Called Tom: a rocky first month, on track now');
    expect(done.outcome).toBe('ok');
    expect(done.reply.data?.content).toBe('Alert 1 resolved.');
    expect(await alertRows()).toEqual([{ number: 1, acknowledged: coordinator.id, resolved: coordinator.id, note: 'Called Tom: a rocky first month, on track now' }]);
    expect(await audit()).toEqual([
      { action: 'alert.acknowledge', actor: coordinator.id },
      { action: 'alert.resolve', actor: coordinator.id },
    ]);
  });

  it('raises one alert when the other member leaves two check-ins in a row unanswered', async () => {
    // Nia's first check-in expires when her second arrives: one missed is no alert yet.
    await advance(7 * DAY);
    expect(checkinsOf(nia)).toHaveLength(2);
    expect(alertsTo(coordinator)).toHaveLength(1);
    // Her second expires with the third's arrival: two in a row.
    await advance(7 * DAY);
    expect(checkinsOf(nia)).toHaveLength(3);
    for (const to of [coordinator, amy]) {
      const texts = alertsTo(to).map((d) => d.body.content.split('\n')[0]);
      expect(texts).toEqual([
        `Alert 1: ${mention(tom)} answered 1 of 5 to “How is your mentoring going?” in their check-in.`,
        `Alert 2: ${mention(nia)} has left 2 check-ins in a row unanswered.`,
      ]);
      expect(buttons(alertsTo(to)[1]!.body).map(label)).toEqual(['Acknowledge', 'Resolve']);
    }
    // Nia's third missed check-in is the same streak: no new alert about her. Tom has now left
    // two in a row himself (his second and third): that is his own alert.
    await advance(7 * DAY);
    expect(checkinsOf(nia)).toHaveLength(4);
    expect(alertsTo(coordinator).slice(2).map((d) => d.body.content.split('\n')[0])).toEqual([
      // Three weeks and more since their one meeting, at the first check-in: the match as a whole.
      'Alert 3: Match 1 has no meeting recorded since 2026-11-25 (21 days or more): `/mentor match list` shows it.',
      `Alert 4: ${mention(tom)} has left 2 check-ins in a row unanswered.`,
    ]);
    expect(await q(`select number, rule from match_alerts order by number`)).toEqual([
      { number: 1, rule: 'low_score' },
      { number: 2, rule: 'missed_checkins' },
      { number: 3, rule: 'no_meeting' },
      { number: 4, rule: 'missed_checkins' },
    ]);
  });

  it('refuses someone who is no longer a coordinator: their clicks on the alert change nothing', async () => {
    await runScript(h, `cora: /mentor role revoke @amy coordinator\n`, PEOPLE);
    const alert = alertsTo(amy)[1]!;
    const before = { rows: await alertRows(), audit: await audit() };
    for (const name of ['Acknowledge', 'Resolve']) {
      const click = await press(amy, alert, name);
      expect(click.outcome).toBe('refused:not_coordinator');
      expect(click.reply.type).not.toBe(InteractionResponseType.Modal);
      expect((await followUp(h, click.id)).content).toBe('Only coordinators of this program can handle its alerts. Nothing was changed.');
    }
    expect(await alertRows()).toEqual(before.rows);
    expect(await audit()).toEqual(before.audit);
    expect(before.rows[1]).toEqual({ number: 2, acknowledged: null, resolved: null, note: null });
  });
});
