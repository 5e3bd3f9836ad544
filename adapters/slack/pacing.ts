import { DeliveryError } from '../../src/core/errors.js';

/**
 * Slack's published limits, per workspace and method, in calls a minute (Tier 2: 20, Tier 3:
 * 50, Tier 4: 100). chat.postMessage has its own rule: about one message a second per channel,
 * with short bursts, and several hundred a minute across the workspace.
 */
const PER_MINUTE: Record<string, number> = {
  'chat.postMessage': 300,
  'chat.postEphemeral': 100,
  'chat.update': 50,
  'conversations.open': 50,
  'conversations.create': 20,
  'conversations.invite': 50,
  'conversations.setTopic': 20,
  // Two Web API calls and a POST of the bytes, paced as one at Tier 2: exports are rare, and
  // a conservative pace costs only a little waiting (a 429 is retried by the outbox anyway).
  'files.uploadV2': 20,
  'usergroups.users.list': 20,
  'users.info': 100,
  'views.open': 100,
  'views.publish': 100,
  'views.update': 100,
};
const DEFAULT_PER_MINUTE = 20;
/**
 * Tidying (taking the buttons off a closed question) never holds a worker: its batch would wait
 * for it, and chat.update's 50 a minute would pace the check-ins posted beside it. A call that
 * would wait is handed back to the outbox with a slot of its own (see `acquire`).
 */
const NEVER_WAITED = new Set(['chat.update']);
/** Slots given but not yet used are forgotten this long after they came, once this many are held. */
const RESERVATION_TTL_MS = 10 * 60_000;
const MAX_RESERVATIONS = 10_000;
const PER_CHANNEL_PER_SECOND = 1;
const PER_CHANNEL_BURST = 3;

export interface PacerOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Longer waits than this are not slept through: the call fails with retryAfterMs and the
   * outbox reschedules it, so a big fan-out never holds a worker for minutes.
   */
  maxWaitMs?: number;
  /** Multiplies every rate (tests and the bench use a large factor to measure the app, not the pacing). */
  rateFactor?: number;
}

interface Bucket {
  tokens: number;
  at: number;
  capacity: number;
  perMs: number;
}

/** Token buckets keyed by method and by channel; a call reserves one token from each. */
export class Pacer {
  private readonly buckets = new Map<string, Bucket>();
  /** Slots already taken by calls handed back to the outbox, by method and key: when each may go. */
  private readonly reservations = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaitMs: number;
  private readonly factor: number;

  constructor(options: PacerOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxWaitMs = options.maxWaitMs ?? 5_000;
    this.factor = options.rateFactor ?? 1;
  }

  private bucket(key: string, capacity: number, perSecond: number): Bucket {
    let b = this.buckets.get(key);
    const now = this.now();
    if (!b) {
      b = { tokens: capacity, at: now, capacity, perMs: (perSecond * this.factor) / 1000 };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(b.capacity, b.tokens + (now - b.at) * b.perMs);
    b.at = now;
    return b;
  }

  /**
   * Waits for a slot for `method` (and `channel`, for posts), or throws a retryable DeliveryError.
   * With a `key` (the call's identity, e.g. the message it edits), a call that would wait too
   * long takes its slot now and is told when it comes; called again with the same key at that
   * time, it goes without taking another. So rescheduled calls come back one by one, not as a herd.
   */
  async acquire(method: string, channel?: string, key?: string): Promise<void> {
    const slot = key === undefined ? undefined : this.reservations.get(`${method}:${key}`);
    if (slot !== undefined) {
      if (slot > this.now()) throw paced(method, slot - this.now());
      this.reservations.delete(`${method}:${key}`);
      return;
    }
    const perMinute = PER_MINUTE[method] ?? DEFAULT_PER_MINUTE;
    const buckets = [this.bucket(`m:${method}`, perMinute, perMinute / 60)];
    if (channel && method === 'chat.postMessage') {
      buckets.push(this.bucket(`c:${channel}`, PER_CHANNEL_BURST, PER_CHANNEL_PER_SECOND));
    }
    const wait = Math.max(0, ...buckets.map((b) => (1 - b.tokens) / b.perMs));
    if (wait > (NEVER_WAITED.has(method) ? 0 : this.maxWaitMs)) {
      if (key !== undefined) {
        for (const b of buckets) b.tokens -= 1;
        this.reserve(`${method}:${key}`, this.now() + wait);
      }
      throw paced(method, wait);
    }
    // Reserve now (tokens may go negative) so concurrent callers queue behind each other.
    for (const b of buckets) b.tokens -= 1;
    if (wait > 0) await this.sleep(wait);
  }

  private reserve(key: string, at: number): void {
    if (this.reservations.size >= MAX_RESERVATIONS) {
      const stale = this.now() - RESERVATION_TTL_MS;
      for (const [k, t] of this.reservations) if (t < stale) this.reservations.delete(k);
    }
    this.reservations.set(key, at);
  }
}

function paced(method: string, waitMs: number): DeliveryError {
  return new DeliveryError(`Pacing ${method} to stay within Slack's rate limits.`, { retryAfterMs: Math.ceil(waitMs), code: 'paced' });
}
