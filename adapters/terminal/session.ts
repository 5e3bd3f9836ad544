import { randomUUID } from 'node:crypto';
import type { InboundEvent, Reply, Where } from '../../src/core/chat.js';
import { parseDuration } from '../../src/core/clock.js';
import type { Form } from '../../src/core/render.js';
import { formatLines, formLines } from './format.js';
import { TERMINAL_WORKSPACE } from './terminal-chat.js';

/** What the terminal needs from the running bot; main.ts supplies it, so no domain import here. */
export interface TerminalHost {
  handle(event: InboundEvent): Promise<Reply[]>;
  /** Delivers whatever the outbox holds now (DMs, channel posts). */
  drain(): Promise<void>;
  grantCoordinator(user: string): Promise<void>;
  /** Moves the clock forward and runs the scheduler for every tick passed. */
  advance(ms: number): Promise<{ from: Date; to: Date }>;
  /** Loads applicants from a CSV file as approved participants; returns what to print. */
  importApplicants(role: 'mentor' | 'mentee', path: string): Promise<string[]>;
}

interface OpenForm {
  form: Form;
  values: Record<string, string>;
}

const USER = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Interprets terminal lines: `<user>: <input>` (or bare input as the current user), and
 * `:`-controls. Forms are asked field by field, since a terminal has no modal.
 */
export class TerminalSession {
  private current = 'alice';
  private readonly forms = new Map<string, OpenForm>();

  constructor(
    private readonly host: TerminalHost,
    private readonly write: (line: string) => void,
  ) {}

  get user(): string {
    return this.current;
  }

  async line(raw: string): Promise<void> {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    if (text.startsWith(':')) return this.control(text);
    // `alice: text` speaks in alice's DM with the bot; `alice #pair-1: text` in channel pair-1.
    const prefixed = /^([A-Za-z0-9._-]{1,64})(?:\s+#([A-Za-z0-9._-]{1,80}))?:\s*(.*)$/.exec(text);
    const user = prefixed ? (prefixed[1] as string) : this.current;
    const input = prefixed ? (prefixed[3] as string) : text;
    if (input === '') return;
    await this.input(user, input, prefixed?.[2] ? { kind: 'channel', channel: prefixed[2] } : { kind: 'dm' });
  }

  private async input(user: string, input: string, where: Where = { kind: 'dm' }): Promise<void> {
    const open = this.forms.get(user);
    if (open) return this.formField(user, open, input);
    const command = /^\/mentor(?:\s+(.*))?$/i.exec(input);
    if (input.startsWith('/') && !command) {
      this.write(`[ephemeral ${user}] Commands start with /mentor, e.g. /mentor help.`);
      return;
    }
    const base = {
      id: `terminal-${randomUUID()}`,
      actor: { platform: 'terminal' as const, workspace: TERMINAL_WORKSPACE, user, displayName: user },
      where,
    };
    const event: InboundEvent = command
      ? { ...base, type: 'command', text: command[1] ?? '' }
      : { ...base, type: 'message', text: input };
    await this.dispatch(user, event);
  }

  private async dispatch(user: string, event: InboundEvent): Promise<void> {
    const replies = await this.host.handle(event);
    for (const reply of replies) {
      if (reply.kind === 'ephemeral') {
        for (const line of formatLines(`ephemeral ${user}`, reply.message)) this.write(line);
      } else if (reply.kind === 'form') {
        this.forms.set(user, { form: reply.form, values: {} });
        for (const line of formLines(user, reply.form, 0)) this.write(line);
      }
    }
    await this.host.drain();
  }

  private async formField(user: string, open: OpenForm, input: string): Promise<void> {
    if (input.toLowerCase() === 'cancel') {
      this.forms.delete(user);
      this.write(`[form ${user}] Form closed; nothing was submitted.`);
      return;
    }
    const index = Object.keys(open.values).length;
    const field = open.form.fields[index];
    if (!field) return;
    open.values[field.id] = field.optional && input === '-' ? '' : input;
    if (index + 1 < open.form.fields.length) {
      for (const line of formLines(user, open.form, index + 1)) this.write(line);
      return;
    }
    this.forms.delete(user);
    await this.dispatch(user, {
      id: `terminal-${randomUUID()}`,
      actor: { platform: 'terminal', workspace: TERMINAL_WORKSPACE, user, displayName: user },
      where: { kind: 'dm' },
      type: 'form',
      formId: open.form.id,
      values: open.values,
    });
  }

  private async control(text: string): Promise<void> {
    const [name, arg = ''] = text.slice(1).trim().split(/\s+/, 2);
    switch (name) {
      case 'as':
        if (!USER.test(arg)) return this.write('[terminal] Usage: :as <user>, e.g. :as alice');
        this.current = arg;
        return this.write(`[terminal] Now typing as ${arg}.`);
      case 'coordinator':
        if (!USER.test(arg)) return this.write('[terminal] Usage: :coordinator <user>, e.g. :coordinator carol');
        await this.host.grantCoordinator(arg);
        return this.write(`[terminal] ${arg} is a coordinator in the terminal workspace.`);
      case 'advance': {
        const ms = parseDuration(arg);
        if (ms === null || ms <= 0) return this.write('[terminal] Usage: :advance <duration>, e.g. :advance 3d (units s, m, h, d, w)');
        const { to } = await this.host.advance(ms);
        await this.host.drain();
        return this.write(`[terminal] Clock moved forward ${arg} to ${to.toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
      }
      case 'import': {
        const [which, path] = text.slice(1).trim().split(/\s+/).slice(1);
        const role = which === 'mentors' ? 'mentor' : which === 'mentees' ? 'mentee' : null;
        if (!role || !path) return this.write('[terminal] Usage: :import mentors|mentees <file.csv>, e.g. :import mentors examples/csv/mentors.csv');
        for (const line of await this.host.importApplicants(role, path)) this.write(`[terminal] ${line}`);
        return;
      }
      default:
        return this.write(`[terminal] Unknown control “:${name}”. Controls: :as <user>, :coordinator <user>, :advance <duration>, :import mentors|mentees <file.csv>.`);
    }
  }
}
