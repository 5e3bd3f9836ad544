/**
 * The neutral message model. A message is described once; each adapter renders it natively
 * (Block Kit, Discord components, numbered terminal choices) within its platform's limits.
 */

export interface Choice {
  value: string;
  label: string;
}

/** A question whose answer comes back as an `action` event carrying the prompt id. */
export type PromptSpec =
  | { kind: 'choice'; question: string; choices: Choice[]; help?: string }
  | { kind: 'multi'; question: string; choices: Choice[]; maxChoices?: number; help?: string }
  | {
      kind: 'scale';
      question: string;
      min: number;
      max: number;
      minLabel?: string;
      maxLabel?: string;
      help?: string;
    }
  /** Free text, numbers, dates, time zones: answered by typing a reply. */
  | {
      kind: 'text';
      question: string;
      long?: boolean;
      placeholder?: string;
      help?: string;
      /** A date (YYYY-MM-DD) may be picked where the platform has a date picker. */
      format?: 'date';
    };

export interface Prompt {
  id: string;
  spec: PromptSpec;
}

export interface FormField {
  id: string;
  label: string;
  long?: boolean;
  optional?: boolean;
  placeholder?: string;
  initial?: string;
  maxLength?: number;
}

/** A modal/form; at most five fields so it fits Discord, longer forms go step by step. */
export interface Form {
  id: string;
  title: string;
  fields: FormField[];
  submitLabel?: string;
}

/**
 * Inline text: plain strings and spans that each adapter renders in its own syntax (a mention
 * is `<@U1>` on Slack, `<@123>` on Discord, `@alice` in the terminal). The domain never writes
 * a platform's wire syntax.
 */
export type Span = string | { mention: string } | { channel: string };
export type RichText = string | readonly Span[];

export interface Section {
  title?: string;
  text: RichText;
  /**
   * Buttons acting on this section alone (a proposed pair's approve and reject). A click comes
   * back as an `action` with this id and the choice's value; the id is `<flow>:<rest>` like a
   * prompt's. Platforms without buttons show the choices as a hint; at most five per section.
   */
  actions?: SectionActions;
}

export interface SectionActions {
  id: string;
  choices: (Choice & { style?: 'primary' | 'danger' })[];
}

/**
 * A text file sent with a message (a CSV export): Slack uploads it into the conversation,
 * Discord attaches it, the terminal saves it and prints where. Kept small: it travels in the
 * outbox row.
 */
export interface FileAttachment {
  /** The file name shown, e.g. `work-plans-2026-12-01.csv`; letters, digits, `.`, `-`, `_`. */
  name: string;
  mediaType: 'text/csv' | 'text/plain' | 'application/json' | 'image/png';
  /** The content: text, or for a binary file (a chart) its bytes in base64. */
  text: string;
  encoding?: 'base64';
}

/** A file's bytes, as the platforms upload them. */
export function fileBytes(file: FileAttachment): Buffer {
  return Buffer.from(file.text, file.encoding === 'base64' ? 'base64' : 'utf8');
}

export interface Message {
  /** The message, and its plain-text fallback once rendered. */
  text: RichText;
  sections?: Section[];
  prompt?: Prompt;
  /** Delivered by the outbox's `dm` and `channel` kinds, after the message; a reply's files are not shown. */
  files?: FileAttachment[];
}

export function message(text: RichText, extra: Omit<Message, 'text'> = {}): Message {
  return { text, ...extra };
}

export const mention = (user: string): Span => ({ mention: user });
export const channelRef = (channel: string): Span => ({ channel });

/** `rich\`${mention(u)} has left\``: a template whose values may be spans or other rich text. */
export function rich(strings: TemplateStringsArray, ...values: readonly (Span | RichText | number)[]): Span[] {
  const out: Span[] = [];
  strings.forEach((s, i) => {
    if (s) out.push(s);
    if (i >= values.length) return;
    const v = values[i];
    if (typeof v === 'number') out.push(String(v));
    else if (Array.isArray(v)) out.push(...(v as readonly Span[]));
    else if (v !== undefined) out.push(v as Span);
  });
  return out;
}

/** How an adapter writes each kind of span. */
export interface SpanSyntax {
  mention(user: string): string;
  channel(channel: string): string;
}

/** Neutral plain rendering: what the terminal shows and what tests read. */
export const PLAIN_SYNTAX: SpanSyntax = { mention: (u) => `@${u}`, channel: (c) => `#${c}` };

export function renderText(text: RichText, syntax: SpanSyntax = PLAIN_SYNTAX): string {
  if (typeof text === 'string') return text;
  return text.map((s) => (typeof s === 'string' ? s : 'mention' in s ? syntax.mention(s.mention) : syntax.channel(s.channel))).join('');
}

/** The people a text mentions (platform user ids), e.g. for erasure and tests. */
export function mentionsIn(text: RichText): string[] {
  return typeof text === 'string' ? [] : text.flatMap((s) => (typeof s === 'object' && 'mention' in s ? [s.mention] : []));
}

export function choiceScale(spec: Extract<PromptSpec, { kind: 'scale' }>): Choice[] {
  const out: Choice[] = [];
  for (let v = spec.min; v <= spec.max; v++) out.push({ value: String(v), label: String(v) });
  return out;
}

/** The choices a prompt offers, in order, whatever its kind (empty for free text). */
export function promptChoices(spec: PromptSpec): Choice[] {
  if (spec.kind === 'choice' || spec.kind === 'multi') return spec.choices;
  if (spec.kind === 'scale') return choiceScale(spec);
  return [];
}

/** Plain text for platforms without rich rendering: numbered choices, one per line. */
export function renderPlainText(msg: Message, syntax: SpanSyntax = PLAIN_SYNTAX): string {
  const lines: string[] = [renderText(msg.text, syntax)];
  for (const s of msg.sections ?? []) {
    const text = renderText(s.text, syntax);
    // A list goes under its title, not run on from it.
    lines.push(s.title ? `${s.title}:${text.includes('\n') ? '\n' : ' '}${text}` : text);
  }
  if (msg.prompt) {
    const { spec } = msg.prompt;
    lines.push(spec.question);
    if (spec.help) lines.push(`(${spec.help})`);
    if (spec.kind === 'scale') {
      const ends = [spec.minLabel && `${spec.min} = ${spec.minLabel}`, spec.maxLabel && `${spec.max} = ${spec.maxLabel}`]
        .filter(Boolean)
        .join(', ');
      lines.push(`Reply with a number from ${spec.min} to ${spec.max}${ends ? ` (${ends})` : ''}.`);
    } else if (spec.kind === 'choice' || spec.kind === 'multi') {
      spec.choices.forEach((c, i) => lines.push(`  ${i + 1}. ${c.label}`));
      lines.push(
        spec.kind === 'multi'
          ? 'Reply with the numbers of your choices, separated by commas.'
          : 'Reply with the number of your choice.',
      );
    }
  }
  return lines.filter((l) => l !== '').join('\n');
}

/** A message whose texts are plain strings in one platform's syntax: what renderers work on. */
export interface FlatMessage extends Message {
  text: string;
  sections?: (Section & { text: string })[];
}

/** Writes every span in the platform's syntax, once, before the message is rendered. */
export function flattenMessage(msg: Message, syntax: SpanSyntax): FlatMessage {
  return {
    ...msg,
    text: renderText(msg.text, syntax),
    sections: msg.sections?.map((s) => ({ ...s, text: renderText(s.text, syntax) })),
  };
}

/** Joins rich texts with a plain separator, keeping their spans. */
export function joinRich(parts: readonly RichText[], separator: string): Span[] {
  return parts.flatMap((p, i) => [...(i > 0 ? [separator] : []), ...(typeof p === 'string' ? [p] : p)]);
}
