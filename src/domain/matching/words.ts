/** Small wording helpers for explanations read by people who never saw the bot. */

/** "A", "A and B", "A, B and C". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A number as short as it can be written: 3, 2.5, 0.33. */
export function shortNumber(n: number): string {
  return String(Number(n.toFixed(2)));
}

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** "half an hour", "one hour", "two and a half hours", "5.75 hours". */
export function hoursWords(hours: number): string {
  if (hours === 0.5) return 'half an hour';
  const whole = Math.floor(hours);
  const half = hours - whole === 0.5;
  if ((Number.isInteger(hours) || half) && whole < SMALL.length) {
    if (half) return `${SMALL[whole]} and a half hours`;
    return whole === 1 ? 'one hour' : `${SMALL[whole]} hours`;
  }
  return `${shortNumber(hours)} hours`;
}

/** "1 point", "3 points". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${shortNumber(n)} ${n === 1 ? one : many}`;
}

/** A contribution as the explanations show it: "+6.0". */
export function signed(n: number): string {
  const fixed = n.toFixed(1);
  return n >= 0 || fixed === '-0.0' ? `+${fixed.replace('-', '')}` : fixed;
}
