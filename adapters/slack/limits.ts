/**
 * Block Kit limits (https://api.slack.com/reference/block-kit). Exceeding any of them makes
 * Slack reject the whole call with `invalid_blocks`, so render.ts truncates or splits first.
 */
export const LIMITS = {
  sectionText: 3000,
  headerText: 150,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  optionsPerSelect: 100,
  placeholder: 150,
  blockId: 255,
  blocksPerMessage: 50,
  blocksPerView: 100,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  inputMaxLength: 3000,
  privateMetadata: 3000,
  callbackId: 255,
  /** The notification/fallback `text`; Slack truncates beyond 40,000, we stay well under. */
  fallbackText: 3000,
  /** Buttons per actions block: Slack allows 25, the issue asks for at most 5 a row. */
  buttonsPerRow: 5,
  /** Channel names: lower case, at most 80 characters. */
  channelName: 80,
} as const;

/** Cuts text to a limit, marking the cut with an ellipsis so nobody mistakes it for the whole. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Splits text into chunks of at most `max` characters, preferring line breaks, then spaces,
 * so a long help text becomes several sections rather than one Slack would reject.
 */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while ([...rest].length > max) {
    const window = [...rest].slice(0, max).join('');
    let cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) cut = window.length;
    out.push(window.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.trim() !== '' || out.length === 0) out.push(rest);
  return out;
}
