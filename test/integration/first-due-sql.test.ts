import { DateTime, IANAZone } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, type Database } from '../../src/db/client.js';
import { firstDueAt, firstDueAtSql } from '../../src/jobs/recurring.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';

/**
 * The set-based planner works out first check-ins in SQL; people get them when luxon's
 * `firstDueAt` says. Compared on many cases in one statement: every DST change of 2025-2026 in
 * zones north and south, with half-hour and 45-minute offsets and half-hour DST, zones whose
 * clocks change at midnight, and random ones.
 */
const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/St_Johns', // -03:30, with DST
  'America/Santiago', // southern; clocks go forward at midnight
  'America/Havana', // the hour after midnight occurs twice
  'Atlantic/Azores',
  'Africa/Cairo', // clocks go back at midnight
  'Asia/Kolkata', // +05:30
  'Asia/Kathmandu', // +05:45
  'Asia/Tehran',
  'Australia/Adelaide', // +09:30, southern DST
  'Australia/Sydney',
  'Australia/Lord_Howe', // half-hour DST
  'Pacific/Auckland',
  'Pacific/Chatham', // +12:45 / +13:45
];

interface Case {
  id: number;
  weekday: number;
  time: string;
  zone: string;
  after: string;
}

const HOUR = 3_600_000;

/** The instants in [from, to) at which the zone's offset changes, to the minute. */
function transitions(zone: string, from: number, to: number): number[] {
  const z = new IANAZone(zone);
  const found: number[] = [];
  for (let day = from; day < to; day += 24 * HOUR) {
    const before = z.offset(day);
    if (z.offset(day + 24 * HOUR) === before) continue;
    let lo = day;
    let hi = day + 24 * HOUR;
    while (hi - lo > 60_000) {
      const mid = Math.floor((lo + hi) / 120_000) * 60_000;
      if (z.offset(mid) === before) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}

function cases(): Case[] {
  const out: Case[] = [];
  const add = (c: Omit<Case, 'id'>) => out.push({ id: out.length, ...c });
  const from = Date.UTC(2025, 0, 1);
  const to = Date.UTC(2027, 0, 1);
  for (const zone of ZONES) {
    for (const change of transitions(zone, from, to)) {
      const local = DateTime.fromMillis(change, { zone });
      // Local times from two hours before the change to two after, on their own weekday,
      // planned from a day before, around and after the change.
      for (let minutes = -120; minutes <= 120; minutes += 30) {
        const at = local.plus({ minutes });
        for (const shift of [-26, -1, 0, 1.5]) {
          add({ weekday: at.weekday, time: at.toFormat('HH:mm'), zone, after: new Date(change + shift * HOUR).toISOString() });
        }
      }
    }
  }
  // Random ones, from a fixed seed.
  let seed = 13;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  for (let i = 0; i < 300; i++) {
    const hh = String(Math.floor(random() * 24)).padStart(2, '0');
    const mm = String(Math.floor(random() * 60)).padStart(2, '0');
    add({
      weekday: 1 + Math.floor(random() * 7),
      time: `${hh}:${mm}`,
      zone: ZONES[Math.floor(random() * ZONES.length)]!,
      after: new Date(from + Math.floor(random() * ((to - from) / 60_000)) * 60_000).toISOString(),
    });
  }
  return out;
}

/** Every case with luxon's answer, worked out once for both databases. */
const ALL = cases().map((c) => ({ ...c, luxon: firstDueAt({ ...c, after: new Date(c.after) }).toISOString() }));

describe.each(databaseKinds())('first check-in time in SQL on %s', (kind) => {
  let database: Database;

  /** Each case's first due time as the SQL expression works it out, by case id. */
  async function inSql(list: readonly Case[]): Promise<Map<number, string>> {
    const rows = await queryRows<{ id: number; due: Date | string }>(
      database.db,
      sql`select v.id, ${firstDueAtSql({ weekday: sql`v.weekday`, time: sql`v.at`, zone: sql`v.zone`, after: sql`v.after` })} as due
          from jsonb_to_recordset(${JSON.stringify(list.map((c) => ({ ...c, at: c.time })))}::jsonb)
            as v(id int, weekday int, at time, zone text, after timestamptz)`,
    );
    return new Map(rows.map((r) => [Number(r.id), new Date(r.due).toISOString()]));
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  it('agrees with firstDueAt on every DST change of two years in 16 zones, and on random cases', async () => {
    expect(ALL.length).toBeGreaterThan(1_500);
    const got = await inSql(ALL);
    const wrong = ALL.map((c) => ({ ...c, sql: got.get(c.id) })).filter((c) => c.luxon !== c.sql);
    expect(wrong).toEqual([]);
  });

  it('moves a skipped time forward, takes the earlier of a repeated one, and keeps half-hour offsets', async () => {
    const named: Case[] = [
      // London's clocks go back at 02:00 BST on 26 October 2025: 01:30 happens twice.
      { id: 0, weekday: 7, time: '01:30', zone: 'Europe/London', after: '2025-10-25T12:00:00Z' },
      // New York skips 02:00-03:00 on 9 March 2025: 02:30 becomes 03:30 EDT.
      { id: 1, weekday: 7, time: '02:30', zone: 'America/New_York', after: '2025-03-08T12:00:00Z' },
      // Adelaide goes forward on 5 October 2025 (southern spring): 10:00 ACDT, +10:30.
      { id: 2, weekday: 7, time: '10:00', zone: 'Australia/Adelaide', after: '2025-10-04T00:00:00Z' },
      // Santiago skips midnight on 7 September 2025.
      { id: 3, weekday: 7, time: '00:30', zone: 'America/Santiago', after: '2025-09-05T00:00:00Z' },
      // Kathmandu, +05:45; after is 10:00 there on a Wednesday: strictly after, so next week.
      { id: 4, weekday: 3, time: '10:00', zone: 'Asia/Kathmandu', after: '2025-06-04T04:15:00Z' },
    ];
    expect([...(await inSql(named)).entries()].sort(([a], [b]) => a - b).map(([, due]) => due)).toEqual([
      '2025-10-26T00:30:00.000Z',
      '2025-03-09T07:30:00.000Z',
      '2025-10-04T23:30:00.000Z',
      '2025-09-07T04:30:00.000Z',
      '2025-06-11T04:15:00.000Z',
    ]);
  });
});
