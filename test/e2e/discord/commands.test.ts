import { ApplicationCommandOptionType as T, GatewayIntentBits, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommandPayload } from '../../../adapters/discord/command-registration.js';
import { registerCommands } from '../../../adapters/discord/register-commands.js';
import { APP_ID, GUILD_ID } from '../../fakes/discord/fake-discord.js';
import { alice, bob, callback, coordinator, followUp, startHarness, type Harness } from './harness.js';

describe('Discord commands through the real discord.js client', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('connects asking only for the Guilds and DirectMessages intents', () => {
    expect(h.fake.gateway.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages);
    expect(h.fake.requests.some((r) => r.path === '/gateway/bot')).toBe(true);
  });

  it('answers /mentor help with an ephemeral reply', async () => {
    const id = h.fake.command(alice, { options: [{ type: T.Subcommand, name: 'help', options: [] }] });
    const body = await callback(h, id);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data?.content).toContain('Mentoring bot commands');
    const fields = (body.data?.embeds as { fields: { name: string; value: string }[] }[])[0]?.fields ?? [];
    expect(fields.map((f) => f.name)).toContain('You can use');
    expect(fields.map((f) => f.name)).not.toContain('Coordinator commands');
  });

  it('refuses a coordinator command to a non-coordinator, ephemerally', async () => {
    const id = h.fake.command(alice, { options: [{ type: T.Subcommand, name: 'audit', options: [] }] });
    const body = await callback(h, id);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data?.content).toMatch(/for coordinators only/);
  });

  it('lets a coordinator grant a role, with the person given as a USER option', async () => {
    const id = h.fake.command(coordinator, {
      options: [
        {
          type: T.SubcommandGroup,
          name: 'role',
          options: [
            {
              type: T.Subcommand,
              name: 'grant',
              options: [
                { type: T.String, name: 'role', value: 'mentor' },
                { type: T.User, name: 'person', value: bob.id },
              ],
            },
          ],
        },
      ],
      resolved: { users: { [bob.id]: { id: bob.id, username: bob.username, discriminator: '0', avatar: null, global_name: null } } },
    });
    const body = await callback(h, id);
    expect(body.data?.content).toBe(`<@${bob.id}> is now a mentor.`);
    // Ephemeral replies never ping anyone.
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('shows a bad argument as the core words it', async () => {
    const id = h.fake.command(coordinator, {
      options: [{ type: T.Subcommand, name: 'audit', options: [{ type: T.Number, name: 'count', value: 500 }] }],
    });
    expect((await callback(h, id)).data?.content).toMatch(/whole number from 1 to 50/);
  });

  it('registers the command payload built from the core commands', async () => {
    // The harness's own `e2e` test commands are not the bot's: with them /mentor would pass Discord's 25.
    const commands = h.testApp.app.bot.commands.filter((c) => c.path[0] !== 'e2e');
    const result = await registerCommands(h.config, commands);
    expect(result).toMatchObject({ scope: 'guild', registered: 1 });
    const put = h.fake.requests.find((r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect(put?.body).toEqual(JSON.parse(JSON.stringify([buildCommandPayload(commands)])));
    const global = await registerCommands({ ...h.config, guildId: undefined }, commands);
    expect(global.route).toBe(`/applications/${APP_ID}/commands`);
  });
});

describe('Discord interactions when the core is slow to answer', () => {
  let h: Harness;
  beforeAll(async () => {
    // A zero budget always takes the deferred path, without any timing in the test.
    h = await startHarness({ replyBudgetMs: 0 });
  });
  afterAll(async () => h?.close());

  it('defers, then edits the original response', async () => {
    const id = h.fake.command(alice, { options: [{ type: T.Subcommand, name: 'help', options: [] }] });
    const body = await callback(h, id);
    expect(body).toMatchObject({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const edit = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/token-${id}/messages/@original`);
    expect((edit.body as { content: string }).content).toContain('Mentoring bot commands');
  });

  it('offers a form as a button after a defer, and the button opens the modal', async () => {
    const id = h.fake.command(alice, { options: [{ type: T.SubcommandGroup, name: 'e2e', options: [{ type: T.Subcommand, name: 'form', options: [] }] }] });
    const edit = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/token-${id}/messages/@original`);
    const button = (edit.body as { components: { components: { custom_id: string }[] }[] }).components[0]?.components[0];
    expect(button?.custom_id).toBe('mentorbot/form|e2e:about|1');
    const message = { ...(edit.response as Record<string, unknown>), channel_id: '1300000000000000001', flags: MessageFlags.Ephemeral };
    const click = h.fake.component(alice, message, { custom_id: button!.custom_id, component_type: 2 });
    const modal = await callback(h, click);
    expect(modal).toMatchObject({ type: InteractionResponseType.Modal, data: { custom_id: 'e2e:about', title: 'About you' } });
  });

  it('tells the person in a follow-up when the deferred answer cannot be shown', async () => {
    h.fake.failNext('PATCH', /\/messages\/@original$/, { status: 400, body: { code: 50035, message: 'Invalid Form Body' } });
    const id = h.fake.command(alice, { options: [{ type: T.Subcommand, name: 'help', options: [] }] });
    const notice = await followUp(h, id);
    expect(notice).toMatchObject({ flags: MessageFlags.Ephemeral });
    expect(String(notice.content)).toMatch(/could not show the answer/);
  });

  it('walks a form longer than five fields through step-by-step modals', async () => {
    const long = { options: [{ type: T.SubcommandGroup, name: 'e2e', options: [{ type: T.Subcommand, name: 'long', options: [] }] }] };
    const id = h.fake.command(alice, long);
    const edit = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/token-${id}/messages/@original`);
    const open = (edit.body as { components: { components: { custom_id: string }[] }[] }).components[0]?.components[0];
    const message = { ...(edit.response as Record<string, unknown>), channel_id: '1300000000000000001', flags: MessageFlags.Ephemeral };
    const first = await callback(h, h.fake.component(alice, message, { custom_id: open!.custom_id, component_type: 2 }));
    expect(first.data).toMatchObject({ custom_id: 'e2e:long|1', title: 'Long form (1/2)' });
    expect(first.data?.components).toHaveLength(5);
    const answers = (from: number, to: number) => Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [`q${from + i}`, `a${from + i}`]));
    const step = await callback(h, h.fake.modalSubmit(alice, 'e2e:long|1', answers(1, 5)));
    const next = (step.data?.components as { components: { custom_id: string }[] }[])[0]?.components[0];
    expect(next?.custom_id).toBe('mentorbot/form|e2e:long|2');
    const second = await callback(h, h.fake.component(alice, message, { custom_id: next!.custom_id, component_type: 2 }));
    expect(second.data).toMatchObject({ custom_id: 'e2e:long|2', title: 'Long form (2/2)' });
    const done = h.fake.modalSubmit(alice, 'e2e:long|2', answers(6, 7));
    await callback(h, done);
    const result = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/token-${done}/messages/@original`);
    expect((result.body as { content: string }).content).toBe('Got q1,q2,q3,q4,q5,q6,q7');
  });
});
