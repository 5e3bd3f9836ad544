import { describe, expect, it } from 'vitest';
import { renderMessage as renderDiscord } from '../../adapters/discord/render.js';
import { renderHome, renderMessage as renderSlack } from '../../adapters/slack/render.js';
import { formatLines } from '../../adapters/terminal/format.js';
import type { Message, Span } from '../../src/core/render.js';

const joined: Span[] = [{ mention: 'U1' }, ' joined ', { channel: 'C9' }];

/** Every mrkdwn or plain text in a Slack view or message's blocks. */
function texts(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') out.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  return out;
}

describe('neutral mentions in each platform’s syntax', () => {
  const msg: Message = { text: joined, sections: [{ title: 'Who', text: joined }] };

  it('Slack: <@U1> joined <#C9>, in the fallback text and the blocks', () => {
    const [part] = renderSlack(msg);
    expect(part!.text).toBe('<@U1> joined <#C9>');
    expect(texts(part!.blocks)).toEqual(['<@U1> joined <#C9>', '*Who*\n<@U1> joined <#C9>']);
    expect(texts(renderHome(msg).blocks)).toContain('<@U1> joined <#C9>');
  });

  it('Discord: <@123> joined <#456>, in the content and the embed', () => {
    const rendered = renderDiscord({ text: [{ mention: '123' }, ' joined ', { channel: '456' }], sections: [{ title: 'Who', text: [{ mention: '123' }] }] });
    expect(rendered.content).toBe('<@123> joined <#456>');
    expect(rendered.embeds[0]?.fields).toEqual([{ name: 'Who', value: '<@123>' }]);
  });

  it('terminal: @U1 joined #C9, and plain strings print as before', () => {
    expect(formatLines('dm bob', msg)).toEqual(['[dm bob] @U1 joined #C9', '[dm bob] Who: @U1 joined #C9']);
    expect(formatLines('ephemeral carol', { text: '<@bob> is now a mentor.' })).toEqual(['[ephemeral carol] @bob is now a mentor.']);
  });
});
