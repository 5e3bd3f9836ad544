/** Interaction tokens last 15 minutes: a redelivery after that could not be answered anyway. */
const TTL_MS = 15 * 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Interaction ids this process has taken on. The gateway can dispatch one interaction twice
 * (after a resume); the core's database dedupe answers the second with `duplicate`, but only
 * once the first has committed, and a second callback for the same id is rejected by Discord
 * (40060) and races the real answer. So a repeated id is dropped here before anything is sent.
 * Memory only on purpose: after a restart the database dedupe still keeps it to one effect.
 */
export class SeenInteractions {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True the first time an id is offered (within the TTL), false for a repeat. */
  claim(id: string): boolean {
    const now = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && now - at < TTL_MS) return false;
    this.seen.delete(id);
    this.prune(now);
    this.seen.set(id, now);
    return true;
  }

  private prune(now: number): void {
    // Insertion order is age order: expired entries are at the front.
    for (const [id, at] of this.seen) {
      if (now - at < TTL_MS && this.seen.size < MAX_ENTRIES) break;
      this.seen.delete(id);
    }
  }
}
