import { withoutAccents } from '../../core/without-accents.js';

/** What a scrubbed piece of free text says instead of what it held. */
export const SCRUBBED = { name: '[name]', mention: '[mention]', email: '[email]', phone: '[phone]', link: '[link]' } as const;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fold = withoutAccents;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const LINK = /\b(?:https?:\/\/|www\.)\S+/giu;
/** Slack `<@U123>`, `<#C1|name>`, `<!here>`; Discord `<@123>`, `<@!123>`, `<@&123>`, `<#123>`; a typed `@handle`. */
const MENTION = /<[@#!][^>\s]*>|(?<![\p{L}\p{N}])@[\p{L}\p{N}._-]+/gu;
/** Seven or more digits, however spaced or punctuated: phone numbers (and long ids). */
const PHONE = /\+?\d(?:[\s().-]*\d){6,}/g;

/**
 * A scrubber of free text for the evaluation export: emails, links, mentions, phone numbers
 * and every name given (whole words, any case, with or without accents) are replaced. Names
 * of two letters or fewer are not matched alone, or "Al" would take every "al".
 */
export function textScrubber(names: readonly string[]): (text: string) => string {
  const words = new Set<string>();
  for (const name of names) {
    const n = fold(name.trim());
    if (n.length > 2) words.add(n);
    for (const part of n.split(/[\s._-]+/)) if (part.length > 2) words.add(part);
  }
  const sorted = [...words].sort((a, b) => b.length - a.length).map(escape);
  const nameRe = sorted.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.join('|')})(?![\\p{L}\\p{N}])`, 'giu') : null;
  return (text) => {
    const out = text.replace(EMAIL, SCRUBBED.email).replace(LINK, SCRUBBED.link).replace(MENTION, SCRUBBED.mention).replace(PHONE, SCRUBBED.phone);
    return nameRe ? replaceFolded(out, nameRe) : out;
  };
}

/**
 * Replaces what `re` matches in the accent-free copy of `text`, mapping each match back to the
 * original characters, so "Zoë" and "Zoe" both go and the rest of the text keeps its accents.
 */
function replaceFolded(text: string, re: RegExp): string {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; ) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const f = fold(ch);
    folded += f;
    for (let k = 0; k < f.length; k++) origin.push(i);
    i += ch.length;
  }
  origin.push(text.length);
  let out = '';
  let last = 0;
  for (const m of folded.matchAll(re)) {
    const from = origin[m.index]!;
    const to = origin[m.index + m[0].length]!;
    // A folded span ending inside a character (a ligature) takes the whole character.
    const end = to > from ? to : from + 1;
    out += text.slice(last, from) + SCRUBBED.name;
    last = Math.max(end, last);
  }
  return out + text.slice(last);
}
