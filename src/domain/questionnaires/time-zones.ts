import { withoutAccents } from '../../core/without-accents.js';

/**
 * Time zones as people write them: any IANA name or alias (`Asia/Kolkata`, `Europe/Kyiv`, `EST`),
 * in any case, or a city with or without accents (`Kolkata`, `São Paulo`, `Ho Chi Minh`).
 *
 * Node's ICU knows every IANA name and alias, but `Intl.supportedValuesOf` lists only its
 * canonical ones, some of them old (`Asia/Calcutta`, `Europe/Kiev`), so the list alone refuses
 * the names people use today. So a name is checked by asking Intl to use it, and kept as the
 * person wrote it, correctly cased.
 */

const REGIONS = ['Africa', 'America', 'America/Argentina', 'America/Indiana', 'America/Kentucky', 'Antarctica', 'Asia', 'Atlantic', 'Australia', 'Europe', 'Indian', 'Pacific'];
const KNOWN = Intl.supportedValuesOf('timeZone');
const BY_LOWER = new Map(KNOWN.map((z) => [z.toLowerCase(), z]));
const BY_CITY = new Map(KNOWN.map((z) => [lastSegment(z).toLowerCase(), z]));
/** Longer than any zone or city name: such input is refused without being searched or echoed. */
const MAX_INPUT = 64;

function lastSegment(zone: string): string {
  return zone.slice(zone.lastIndexOf('/') + 1);
}

function accepted(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `são paulo` -> `sao_paulo`: the form IANA names take. */
function key(input: string): string {
  return withoutAccents(input).trim().replace(/\s+/g, '_').toLowerCase();
}

// Words IANA keeps in lower case inside a name (`Dar_es_Salaam`, `Port-au-Prince`).
const SMALL_WORDS = new Set(['es', 'au', 'de', 'of']);
const word = (w: string, i: number) => (i > 0 && SMALL_WORDS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1));
const title = (segment: string) =>
  /^gmt|^utc/.test(segment) ? segment.toUpperCase() : segment.split('_').map((part, i) => part.split('-').map((w, j) => word(w, i + j)).join('-')).join('_');

/** The zone a person means, or null. */
export function findTimeZone(input: string): string | null {
  if (input.length > MAX_INPUT) return null;
  const k = key(input);
  if (!k || !/^[a-z0-9_+\-/]+$/.test(k)) return null;
  if (['utc', 'gmt', 'z', 'etc/utc'].includes(k)) return 'UTC';
  const listed = BY_LOWER.get(k);
  if (listed) return listed;
  if (k.includes('/')) {
    const cased = k.split('/').map((s, i) => (i === 0 && s === 'etc' ? 'Etc' : title(s))).join('/');
    return accepted(cased) ? cased : null;
  }
  if (/^[a-z]{3,5}\d?[a-z]{0,4}$/.test(k) && accepted(k.toUpperCase()) && !BY_CITY.has(k)) return k.toUpperCase();
  const city = BY_CITY.get(k);
  if (city) return city;
  for (const region of REGIONS) {
    const zone = `${region}/${title(k)}`;
    if (accepted(zone)) return zone;
  }
  return null;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Up to three known zones whose city or name is nearest to what was typed. */
export function nearestTimeZones(input: string): string[] {
  if (input.length > MAX_INPUT) return [];
  const k = key(input);
  const scored = KNOWN.map((zone) => ({ zone, d: Math.min(distance(k, lastSegment(zone).toLowerCase()), distance(k, zone.toLowerCase())) }));
  const limit = Math.max(2, Math.floor(k.length / 3));
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || a.zone.localeCompare(b.zone))
    .slice(0, 3)
    .map((s) => s.zone);
}
