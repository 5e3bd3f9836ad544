import { DateTime } from 'luxon';

/** A plain decimal number as people write it (`12`, `-3`, `4.5`, `4,5`); not `1e1` or `0x10`. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(',', '.');
  return /^[-+]?\d{1,15}(\.\d{1,10})?$/.test(t) ? Number(t) : null;
}

/** A real calendar date written YYYY-MM-DD, or the reason it is not one. */
export function checkDate(text: string): { ok: true; date: string } | { ok: false; why: string } {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return { ok: false, why: 'Please write the date as YYYY-MM-DD, for example 2027-01-15.' };
  const date = DateTime.fromISO(t, { zone: 'utc' });
  if (date.isValid) return { ok: true, date: t };
  const [y, m] = t.split('-').map(Number) as [number, number];
  if (m < 1 || m > 12) return { ok: false, why: `There is no month ${m}: months go from 01 to 12.` };
  const days = DateTime.utc(y, m).daysInMonth ?? 31;
  return { ok: false, why: `${DateTime.utc(y, m).toFormat('MMMM yyyy')} has ${days} days, so ${t} is not a date.` };
}
