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

export interface Section {
  title?: string;
  text: string;
}

export interface Message {
  /** Plain-text fallback, and the whole message where nothing richer is needed. */
  text: string;
  sections?: Section[];
  prompt?: Prompt;
}

export function message(text: string, extra: Omit<Message, 'text'> = {}): Message {
  return { text, ...extra };
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
export function renderPlainText(msg: Message): string {
  const lines: string[] = [msg.text];
  for (const s of msg.sections ?? []) {
    lines.push(s.title ? `${s.title}: ${s.text}` : s.text);
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
