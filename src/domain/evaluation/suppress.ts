/** Categories held by fewer people than this are suppressed (the usual small-cell rule). */
export const MIN_PEOPLE = 5;
export const SUPPRESSED = 'suppressed';

type Row = Record<string, unknown>;

/**
 * Replaces, in place, each value of `column` that fewer than MIN_PEOPLE distinct people share
 * (counting everyone `peopleOf` names on its rows) with "suppressed", so no rare category (a
 * closure reason, an alert rule, a trial arm) points at one or two people.
 */
export function suppressSmallCategories(rows: Row[], column: string, peopleOf: (row: Row) => readonly string[]): void {
  const people = new Map<string, Set<string>>();
  for (const row of rows) {
    const value = row[column];
    if (value === null || value === undefined || value === '') continue;
    const set = people.get(String(value)) ?? new Set<string>();
    for (const p of peopleOf(row)) if (p) set.add(p);
    people.set(String(value), set);
  }
  for (const row of rows) {
    const value = row[column];
    if (value !== null && value !== undefined && value !== '' && (people.get(String(value))?.size ?? 0) < MIN_PEOPLE) row[column] = SUPPRESSED;
  }
}
