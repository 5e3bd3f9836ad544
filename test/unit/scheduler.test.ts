import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/errors.js';
import { builtinDeliveries, dmDelivery } from '../../src/jobs/deliveries.js';
import { defaultBackoff, describeDelivery, failureReason, retryDelayMs } from '../../src/jobs/outbox-worker.js';
import { PlannerRegistry, type Planner, type PlannerContext } from '../../src/jobs/planner.js';
import { retentionPlanner } from '../../src/jobs/retention-planner.js';
import {
  ceilMinute,
  cronMatcher,
  floorMinute,
  lastTickAtOrBefore,
  nextTickAtOrAfter,
  slotKey,
  walkTicks,
} from '../../src/jobs/ticks.js';

const t = (iso: string) => new Date(iso);
const MIN = 60_000;

describe('tick maths', () => {
  it('rounds to whole minutes and names slots like node-cron does', () => {
    expect(floorMinute(t('2025-03-01T10:00:59.999Z')).toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(ceilMinute(t('2025-03-01T10:00:00.001Z')).toISOString()).toBe('2025-03-01T10:01:00.000Z');
    expect(ceilMinute(t('2025-03-01T10:00:00.000Z')).toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(slotKey(t('2025-03-01T10:00:00Z'))).toBe('tick:2025-03-01T10:00:00.000Z');
  });

  it('finds the next and the last tick of a cron expression, in its time zone', () => {
    const quarter = cronMatcher('*/15 * * * *');
    const limit = t('2025-03-02T00:00:00Z');
    expect(nextTickAtOrAfter(quarter, t('2025-03-01T10:00:30Z'), limit)?.toISOString()).toBe('2025-03-01T10:15:00.000Z');
    expect(nextTickAtOrAfter(quarter, t('2025-03-01T10:15:00Z'), limit)?.toISOString()).toBe('2025-03-01T10:15:00.000Z');
    expect(nextTickAtOrAfter(quarter, t('2025-03-01T23:50:00Z'), t('2025-03-01T23:59:00Z'))).toBeNull();
    expect(lastTickAtOrBefore(quarter, t('2025-03-01T10:44:59Z'), t('2025-03-01T10:00:00Z'))?.toISOString()).toBe(
      '2025-03-01T10:30:00.000Z',
    );
    expect(lastTickAtOrBefore(quarter, t('2025-03-01T10:14:00Z'), t('2025-03-01T10:00:00Z'))).toBeNull();

    // 09:00 in New York is 14:00 UTC in winter (EST, UTC-5).
    const nineNy = cronMatcher('0 9 * * *', 'America/New_York');
    expect(nextTickAtOrAfter(nineNy, t('2025-01-10T00:00:00Z'), t('2025-01-12T00:00:00Z'))?.toISOString()).toBe(
      '2025-01-10T14:00:00.000Z',
    );
  });

  it('walks every tick when it cannot jump', async () => {
    const ran: string[] = [];
    const count = await walkTicks({
      match: cronMatcher('*/15 * * * *'),
      from: t('2025-03-01T10:00:00Z'),
      to: t('2025-03-01T11:00:00Z'),
      run: async (tick) => void ran.push(tick.toISOString().slice(11, 16)),
    });
    expect(ran).toEqual(['10:15', '10:30', '10:45', '11:00']);
    expect(count).toBe(4);
  });

  it('jumps from due time to due time: first tick, the tick at or after each due time, last tick', async () => {
    const due = [t('2025-03-01T12:00:30Z'), t('2025-03-03T08:00:00Z')];
    const ran: string[] = [];
    const count = await walkTicks({
      match: cronMatcher('* * * * *'),
      from: t('2025-03-01T10:00:00Z'),
      to: t('2025-03-15T10:00:00Z'),
      nextDueAfter: async (cursor) => due.find((d) => d > cursor) ?? null,
      run: async (tick) => void ran.push(tick.toISOString()),
    });
    expect(ran).toEqual([
      '2025-03-01T10:01:00.000Z',
      '2025-03-01T12:01:00.000Z',
      '2025-03-03T08:00:00.000Z',
      '2025-03-15T10:00:00.000Z',
    ]);
    expect(count).toBe(4);
  });

  it('runs nothing when no tick falls in the interval, and keeps moving past a stale due time', async () => {
    const ran: Date[] = [];
    await walkTicks({ match: cronMatcher('0 * * * *'), from: t('2025-03-01T10:00:00Z'), to: t('2025-03-01T10:59:00Z'), run: async (x) => void ran.push(x) });
    expect(ran).toEqual([]);
    // A planner that keeps reporting a due time in the past must not stall the walk.
    const count = await walkTicks({
      match: cronMatcher('*/30 * * * *'),
      from: t('2025-03-01T10:00:00Z'),
      to: t('2025-03-01T12:00:00Z'),
      nextDueAfter: async () => t('2025-03-01T09:00:00Z'),
      run: async () => undefined,
    });
    expect(count).toBe(4);
  });
});

describe('planner registry', () => {
  const ctx = {} as PlannerContext;
  const due = (name: string, at: string | null, extra: Partial<Planner> = {}): Planner => ({
    name,
    plan: async () => 0,
    nextDueAt: async () => (at ? t(at) : null),
    ...extra,
  });

  it('lets advance jump when only housekeeping cannot say when it is next due', async () => {
    const registry = new PlannerRegistry([due('reminders', '2025-03-01T12:00:00Z'), retentionPlanner]);
    expect(retentionPlanner.housekeeping).toBe(true);
    expect(registry.canJump()).toBe(true);
    expect(await registry.nextDueAt(ctx, t('2025-03-01T10:00:00Z'))).toEqual(t('2025-03-01T12:00:00Z'));
    expect(new PlannerRegistry([due('reminders', null), { name: 'opaque', plan: async () => 0 }]).canJump()).toBe(false);
  });

  it('never stops advance for housekeeping, even one that names a due time', async () => {
    const registry = new PlannerRegistry([
      due('reminders', '2025-03-02T00:00:00Z'),
      due('sweep', '2025-03-01T10:05:00Z', { housekeeping: true }),
    ]);
    expect(await registry.nextDueAt(ctx, t('2025-03-01T10:00:00Z'))).toEqual(t('2025-03-02T00:00:00Z'));
    expect(() => registry.register(due('sweep', null))).toThrow(/already registered/);
  });
});

describe('retry policy', () => {
  it('backs off exponentially from 30 s, capped at one hour', () => {
    expect([1, 2, 3, 4, 5].map(defaultBackoff)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(defaultBackoff(20)).toBe(60 * MIN);
  });

  it("lets the platform's Retry-After win over the backoff", () => {
    expect(retryDelayMs(new DeliveryError('slow down', { retryAfterMs: 7_000 }), 3, defaultBackoff)).toBe(7_000);
    expect(retryDelayMs(new DeliveryError('boom'), 3, defaultBackoff)).toBe(120_000);
    expect(retryDelayMs(new Error('socket hang up'), 1, () => 5)).toBe(5);
  });

  it('gives a reason made of a code and our own error text', () => {
    expect(failureReason(new DeliveryError('user not found', { code: 'user_not_found', permanent: true }))).toBe(
      'user_not_found: user not found',
    );
    expect(failureReason(new DeliveryError('x'.repeat(1000)))).toHaveLength(300);
  });

  it('never copies another error’s text (a failed query may quote someone’s answer) into the reason', () => {
    const failed = Object.assign(new Error('Failed query: insert ... params: my secret answer'), { code: '23505' });
    expect(failureReason(failed)).toBe('error: Error 23505');
  });
});

describe('outbox payloads', () => {
  // A stored payload is checked by the kind its row names (here: the payload's legacy type).
  const registry = builtinDeliveries();
  const parsePayload = (value: unknown) => {
    const raw = typeof value === 'string' ? (() => { try { return JSON.parse(value) as unknown; } catch { return null; } })() : value;
    const parsed = registry.parse(String((raw as { type?: unknown } | null)?.type), raw);
    return parsed.ok ? parsed.payload : null;
  };

  it('accepts DMs and channel posts and rejects anything else', () => {
    const dm = { type: 'dm', to: { platform: 'slack', workspace: 'T1', user: 'U1' }, message: { text: 'hi' } };
    expect(parsePayload(dm)).toEqual(dm);
    expect(parsePayload(JSON.stringify(dm))).toEqual(dm);
    expect(parsePayload({ ...dm, to: { platform: 'irc', workspace: 'T1', user: 'U1' } })).toBeNull();
    expect(parsePayload({ type: 'channel', to: { platform: 'discord', workspace: 'G', channel: 'C' }, message: {} })).toBeNull();
    expect(parsePayload('not json')).toBeNull();
  });

  it('describes a delivery by its recipient, never its text', () => {
    const dm = parsePayload({ type: 'dm', to: { platform: 'slack', workspace: 'T1', user: 'U1' }, message: { text: 'secret' } });
    expect(describeDelivery(dmDelivery, dm, 7)).toBe('A direct message to <@U1> (delivery 7)');
    expect(describeDelivery(undefined, undefined, 8)).toBe('A message (delivery 8)');
  });
});
