import type { Form } from '../../src/core/render.js';
import { stepCount } from './modals.js';

interface Pending {
  form: Form;
  values: Record<string, string>;
  expiresAt: number;
}

const TTL_MS = 15 * 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Forms waiting for a modal: a form that could not be the interaction's response (after a
 * defer, or from a DM) and the answers so far of a form longer than one modal. Kept in memory
 * on purpose: it only bridges clicks a few seconds apart, nothing is recorded until the core
 * receives the whole form, and after a restart the person simply runs the command again.
 */
export class FormSteps {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly now: () => number = Date.now) {}

  private key(user: string, formId: string): string {
    return `${user}\u0000${formId}`;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(key);
    while (this.pending.size >= MAX_ENTRIES) this.pending.delete(this.pending.keys().next().value as string);
  }

  remember(user: string, form: Form): void {
    this.prune();
    this.pending.set(this.key(user, form.id), { form, values: {}, expiresAt: this.now() + TTL_MS });
  }

  form(user: string, formId: string): Form | null {
    const entry = this.pending.get(this.key(user, formId));
    return entry && entry.expiresAt > this.now() ? entry.form : null;
  }

  /**
   * Adds one step's answers. Returns the whole form's values once the last step is in,
   * the next step to show otherwise, or null when the form is unknown or expired.
   */
  submit(user: string, formId: string, step: number, values: Record<string, string>):
    | { done: true; values: Record<string, string> }
    | { done: false; form: Form; next: number }
    | null {
    const key = this.key(user, formId);
    const entry = this.pending.get(key);
    if (!entry || entry.expiresAt <= this.now()) return null;
    Object.assign(entry.values, values);
    const steps = stepCount(entry.form);
    if (step >= steps) {
      this.pending.delete(key);
      return { done: true, values: entry.values };
    }
    return { done: false, form: entry.form, next: step + 1 };
  }
}
