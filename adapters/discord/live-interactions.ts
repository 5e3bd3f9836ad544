import type { RepliableInteraction } from 'discord.js';

/** Interaction tokens last 15 minutes; leave a margin for the follow-up's own round trip. */
const TOKEN_LIFETIME_MS = 14 * 60_000;
const MAX_ENTRIES = 5_000;

interface Live {
  interaction: RepliableInteraction;
  /** Settles once the interaction has its first response: follow-ups must wait for it. */
  acknowledged: Promise<void>;
  at: number;
}

/**
 * Each person's latest interaction, so a delivery that fails because their DMs are closed can
 * still reach them as an ephemeral follow-up. Best effort by nature: after a restart or 15
 * minutes the notice goes to a private thread instead.
 */
export class LiveInteractions {
  private readonly byUser = new Map<string, Live>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records an interaction; call the returned function once it has been responded to. */
  track(interaction: RepliableInteraction): () => void {
    let done!: () => void;
    const acknowledged = new Promise<void>((resolve) => (done = resolve));
    this.byUser.delete(interaction.user.id);
    this.byUser.set(interaction.user.id, { interaction, acknowledged, at: this.now() });
    if (this.byUser.size > MAX_ENTRIES) this.byUser.delete(this.byUser.keys().next().value as string);
    return done;
  }

  get(user: string): Live | null {
    const live = this.byUser.get(user);
    if (!live) return null;
    if (this.now() - live.at > TOKEN_LIFETIME_MS) {
      this.byUser.delete(user);
      return null;
    }
    return live;
  }
}
