import { describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { toDeliveryError } from '../../adapters/slack/errors.js';
import { Pacer } from '../../adapters/slack/pacing.js';
import { DeliveryError } from '../../src/core/errors.js';

function fakeTime() {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(Math.round(ms));
      now += ms;
    },
  };
}

describe('slack pacing', () => {
  it('lets a burst of three through per channel, then one a second', async () => {
    const t = fakeTime();
    const pacer = new Pacer({ now: t.now, sleep: t.sleep });
    for (let i = 0; i < 5; i++) await pacer.acquire('chat.postMessage', 'D1');
    expect(t.slept).toEqual([1000, 1000]);
  });

  it('paces channels independently, so a fan-out to many DMs is not serialised', async () => {
    const t = fakeTime();
    const pacer = new Pacer({ now: t.now, sleep: t.sleep });
    for (let i = 0; i < 200; i++) await pacer.acquire('chat.postMessage', `D${i}`);
    expect(t.slept).toEqual([]);
  });

  it('keeps a method within its tier (conversations.create: 20 a minute)', async () => {
    const t = fakeTime();
    const pacer = new Pacer({ now: t.now, sleep: t.sleep, maxWaitMs: 10_000 });
    for (let i = 0; i < 22; i++) await pacer.acquire('conversations.create');
    expect(t.slept).toEqual([3000, 3000]);
  });

  it('hands a long wait back to the outbox as retryAfterMs instead of sleeping', async () => {
    const t = fakeTime();
    const pacer = new Pacer({ now: t.now, sleep: t.sleep, maxWaitMs: 2_000 });
    for (let i = 0; i < 20; i++) await pacer.acquire('conversations.create');
    const err = (await pacer.acquire('conversations.create').catch((e: unknown) => e)) as DeliveryError;
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.options).toMatchObject({ retryAfterMs: 3000, code: 'paced' });
    t.sleep(3000);
    await pacer.acquire('conversations.create');
  });

  it('never sleeps on chat.update: each edit that must wait is given its own slot, one after another', async () => {
    const t = fakeTime();
    const pacer = new Pacer({ now: t.now, sleep: t.sleep });
    for (let i = 0; i < 50; i++) await pacer.acquire('chat.update', undefined, `D1:${i}`);
    const waits: number[] = [];
    for (let i = 50; i < 53; i++) waits.push(((await pacer.acquire('chat.update', undefined, `D1:${i}`).catch((e: unknown) => e)) as DeliveryError).options.retryAfterMs!);
    expect(t.slept).toEqual([]);
    // 50 a minute: the next three slots are 1.2 s apart, not all at the first free moment.
    expect(waits).toEqual([1200, 2400, 3600]);
    // Back too early, an edit is told how much longer; at its slot it goes without taking another.
    await t.sleep(1000);
    expect(((await pacer.acquire('chat.update', undefined, 'D1:50').catch((e: unknown) => e)) as DeliveryError).options.retryAfterMs).toBe(200);
    await t.sleep(2600);
    for (const i of [50, 51, 52]) await pacer.acquire('chat.update', undefined, `D1:${i}`);
    // Its slots were taken: a new edit waits behind them.
    expect(((await pacer.acquire('chat.update', undefined, 'D1:99').catch((e: unknown) => e)) as DeliveryError).options.retryAfterMs).toBeGreaterThan(0);
    expect(t.slept).toEqual([1000, 2600]);
  });
});

describe('slack errors to delivery errors', () => {
  it('carries Retry-After from a rejected 429', () => {
    const err = toDeliveryError(new webApi.WebAPIRateLimitedError(12), 'chat.postMessage');
    expect(err.options).toEqual({ retryAfterMs: 12_000, code: 'ratelimited' });
  });

  it.each(['channel_not_found', 'name_taken', 'not_in_channel', 'missing_scope', 'user_not_found'])('makes %s permanent with a readable message', (code) => {
    const err = toDeliveryError(new webApi.WebAPIPlatformError({ ok: false, error: code }), 'm');
    expect(err.options).toMatchObject({ permanent: true, code });
    expect(err.message).not.toMatch(/^Slack answered/);
  });

  it('retries an unknown platform error and a network failure later', () => {
    expect(toDeliveryError(new webApi.WebAPIPlatformError({ ok: false, error: 'internal_error' }), 'm').options).toMatchObject({ code: 'internal_error', retryAfterMs: 30_000 });
    expect(toDeliveryError(new Error('ECONNREFUSED'), 'm').options).toMatchObject({ code: 'request_failed', retryAfterMs: 30_000 });
  });
});
