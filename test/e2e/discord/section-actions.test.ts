import { ApplicationCommandOptionType as T, ButtonStyle, ComponentType, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseComponentId } from '../../../adapters/discord/custom-ids.js';
import { apiMessage, apiUser, BOT_ID, GENERAL_CHANNEL_ID, GUILD_ID, snowflake } from '../../fakes/discord/fake-discord.js';
import { callback, coordinator, followUp, pairSection, posted, startHarness, type Harness } from './harness.js';

type Button = { type: number; custom_id: string; label: string; style: number; disabled?: boolean };
type Row = { type: number; components: Button[] };

describe('Discord: buttons on a section, through the real discord.js client', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('takes a click in a DM as an action for that pair, closes only its row and answers ephemerally', async () => {
    const mark = h.mark();
    await h.adapter.chat.sendDirect({ platform: 'discord', workspace: GUILD_ID, user: coordinator.id }, { text: 'Proposed pairs', sections: [pairSection(1), pairSection(2)] });
    const dm = await posted(h, mark);
    const body = dm.body as { components: Row[]; embeds: { fields: { name: string }[] }[] };
    expect(body.embeds[0]!.fields.map((f) => f.name)).toEqual(['1. Pair 1', '2. Pair 2']);
    expect(body.components.map((r) => r.components.map((b) => [b.label, b.style]))).toEqual([
      [['1 · Approve', ButtonStyle.Primary], ['1 · Reject', ButtonStyle.Danger]],
      [['2 · Approve', ButtonStyle.Primary], ['2 · Reject', ButtonStyle.Danger]],
    ]);
    const reject = body.components[1]!.components[1]!;
    expect(parseComponentId(reject.custom_id, false)).toEqual({ kind: 'choice', promptId: 'e2epair:p2', value: 'reject' });

    const click = h.fake.component(coordinator, dm.response as Record<string, unknown>, { custom_id: reject.custom_id, component_type: ComponentType.Button }, { dm: true });
    const update = await callback(h, click);
    expect(update.type).toBe(InteractionResponseType.UpdateMessage);
    const rows = update.data?.components as Row[];
    expect(rows[0]!.components.every((b) => !b.disabled)).toBe(true);
    expect(rows[1]!.components.map((b) => [b.disabled, b.style])).toEqual([[true, ButtonStyle.Primary], [true, ButtonStyle.Success]]);
    const reply = await followUp(h, click);
    expect(reply).toMatchObject({ content: 'Pair e2epair:p2: reject', flags: MessageFlags.Ephemeral });
    expect(h.testApp.logs.find((l) => l.eventId === click && l.msg === 'handled event')).toMatchObject({ outcome: 'ok', handler: 'action:e2epair' });
  });

  it('takes a click on an ephemeral round in a server channel and answers with an ephemeral reply', async () => {
    const command = h.fake.command(coordinator, { options: [{ type: T.SubcommandGroup, name: 'e2e', options: [{ type: T.Subcommand, name: 'pairs', options: [] }] }] });
    const shown = await callback(h, command);
    expect(shown.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: 'Proposed pairs' });
    const components = shown.data?.components as Row[];
    expect(components).toHaveLength(2);
    const approve = components[0]!.components[0]!;
    // The ephemeral message as Discord sends it back with the click.
    const message = apiMessage({ id: snowflake(), channel_id: GENERAL_CHANNEL_ID, author: apiUser({ id: BOT_ID, username: 'mentorbot' }, true), content: 'Proposed pairs', components, flags: MessageFlags.Ephemeral });
    const click = h.fake.component(coordinator, message, { custom_id: approve.custom_id, component_type: ComponentType.Button });
    const reply = await callback(h, click);
    expect(reply).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Pair e2epair:p1: approve', flags: MessageFlags.Ephemeral } });
  });
});
