import type { Actor, PlatformProfile } from '../../src/core/chat.js';
import type { Logger } from '../../src/core/logger.js';
import type { SlackApi } from './api.js';
import { slackCode } from './errors.js';

/** Stores what a profile says about a person the core knows; false if it knows no such person yet. */
export type ProfileStore = (actor: Actor, profile: PlatformProfile) => Promise<boolean>;

/** An IANA zone this runtime can compute with (Slack sends e.g. `America/Chicago`). */
function isZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads each person's Slack profile time zone (`users.info` → `user.tz`) the first time this
 * process sees them act, after their event is handled and answered, and hands it to the core to
 * store. A lookup that fails (rate limited, Slack down) is logged and tried again on their next
 * event; one that succeeds is not repeated in this process, so a restart refreshes it once.
 */
export class ProfileTimeZones {
  private readonly done = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly api: SlackApi,
    private readonly store: ProfileStore,
    private readonly logger: Logger,
  ) {}

  /** Never throws: the event it follows has already been handled. */
  learn(actor: Actor): Promise<void> {
    const key = `${actor.workspace}:${actor.user}`;
    if (this.done.has(key)) return Promise.resolve();
    const running = this.running.get(key);
    if (running) return running;
    const lookup = this.lookup(actor, key).finally(() => this.running.delete(key));
    this.running.set(key, lookup);
    return lookup;
  }

  /** Lookups still running (the adapter waits for them when it stops). */
  settled(): Promise<unknown> {
    return Promise.allSettled([...this.running.values()]);
  }

  private async lookup(actor: Actor, key: string): Promise<void> {
    let zone: unknown;
    try {
      zone = ((await this.api.call('users.info', { user: actor.user })).user as { tz?: unknown } | undefined)?.tz;
    } catch (err) {
      // SlackApi.call has logged the failure; neither the user id nor the zone goes in a log.
      this.logger.info({ code: slackCode(err) }, 'slack: profile time zone not read; trying again on their next event');
      return;
    }
    // A profile without a usable zone has nothing to give: asking again would not change that.
    if (!isZone(zone)) {
      this.done.add(key);
      return;
    }
    try {
      if (await this.store(actor, { timeZone: zone })) this.done.add(key);
    } catch (err) {
      this.logger.warn({ err }, 'slack: could not store a profile time zone; trying again on their next event');
    }
  }
}
