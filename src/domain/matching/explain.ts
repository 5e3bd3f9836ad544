import { BLOCK, type PairExplanation, type ScoredPool } from './score-pool.js';
import { listWords, plural, shortNumber, signed } from './words.js';

/** What explaining needs of a scored pool. */
export type PoolView = Pick<ScoredPool, 'mentorCount' | 'menteeCount' | 'capacities' | 'blocks' | 'minScore' | 'failedRequired'>;

/** "you both named Leadership and Communication: +6.0; one hour apart: +2.7". */
export function pairSentence(explanation: Pick<PairExplanation, 'parts'>): string {
  return explanation.parts.map((p) => `${p.why}: ${signed(p.contribution)}`).join('; ');
}

export interface UnmatchedMentee {
  mentee: number;
  reason: string;
}
export interface MentorWithRoom {
  mentor: number;
  /** Places still free. */
  room: number;
  reason: string;
}

/**
 * Why each unmatched mentee, and each mentor left with room, was not (further) paired, from the
 * scores the solver saw and its assignment (`mentorOf[mentee]`, -1 when unmatched).
 */
export function unmatchedReasons(pool: PoolView, mentorOf: Int32Array): { mentees: UnmatchedMentee[]; mentors: MentorWithRoom[] } {
  const { mentorCount: M, menteeCount: E, capacities, blocks } = pool;
  const load = new Int32Array(M);
  for (let e = 0; e < E; e++) if (mentorOf[e]! >= 0) load[mentorOf[e]!]!++;
  const available = Array.from({ length: M }, (_, m) => m).filter((m) => capacities[m]! > 0);

  const mentees: UnmatchedMentee[] = [];
  for (let e = 0; e < E; e++) {
    if (mentorOf[e]! >= 0) continue;
    mentees.push({ mentee: e, reason: menteeReason(pool, e, available, load) });
  }

  const mentors: MentorWithRoom[] = [];
  for (const m of available) {
    const room = capacities[m]! - load[m]!;
    if (room <= 0) continue;
    // Their own mentees suit them by definition; the question is about everyone else.
    const others = Array.from({ length: E }, (_, e) => e).filter((e) => mentorOf[e] !== m);
    const suitable = others.filter((e) => blocks[m * E + e] === BLOCK.none);
    const waiting = suitable.filter((e) => mentorOf[e] === -1).length;
    let reason: string;
    if (others.length === 0) reason = E === 0 ? 'no mentees to match' : 'no other mentees to match';
    else if (waiting > 0) reason = notChosen(waiting === 1 ? 'one suitable mentee is still unmatched' : `${waiting} suitable mentees are still unmatched`);
    else if (suitable.length > 0) {
      const who = suitable.length === 1 ? 'the one who does is matched with another mentor' : `all ${suitable.length} who do are matched with other mentors`;
      reason = `no mentee left who suits them: ${who}`;
    } else reason = noneSuitable(pool, 'mentee', others.map((e) => ({ block: blocks[m * E + e]!, m, e })));
    mentors.push({ mentor: m, room, reason });
  }
  return { mentees, mentors };
}

function menteeReason(pool: PoolView, e: number, available: number[], load: Int32Array): string {
  const { mentorCount: M, menteeCount: E, capacities, blocks } = pool;
  if (M === 0) return 'no mentors available';
  if (available.length === 0) return 'no mentors available: none is taking a new mentee this round';
  const suitable = available.filter((m) => blocks[m * E + e] === BLOCK.none);
  if (suitable.length > 0) {
    const withRoom = suitable.filter((m) => load[m]! < capacities[m]!).length;
    if (withRoom > 0) return notChosen(withRoom === 1 ? 'one suitable mentor still has room' : `${withRoom} suitable mentors still have room`);
    return suitable.length === 1 ? 'the one suitable mentor is at capacity' : `every suitable mentor is at capacity (all ${suitable.length} of them)`;
  }
  return noneSuitable(pool, 'mentor', available.map((m) => ({ block: blocks[m * E + e]!, m, e })));
}

function notChosen(who: string): string {
  return `not chosen in this round, though ${who}; a coordinator can pair them by hand`;
}

/** Every candidate is ruled out: say by what, naming the required criteria that rule them out. */
function noneSuitable(pool: PoolView, other: 'mentor' | 'mentee', candidates: { block: number; m: number; e: number }[]): string {
  const forbidden = candidates.filter((c) => c.block >= BLOCK.self && c.block <= BLOCK.excluded);
  const failing = candidates.filter((c) => c.block === BLOCK.required);
  const low = candidates.filter((c) => c.block === BLOCK.belowMinimum);
  const minimum = `the program's minimum of ${shortNumber(pool.minScore)}`;
  const failed = failing.map((c) => pool.failedRequired(c.m, c.e));
  const labels = failed.map((f) => f.map((x) => x.label));
  const quoted = (labels: string[]) => listWords(labels.map((l) => `"${l}"`));
  const everyone = other === 'mentor' ? 'every available mentor' : 'every mentee';

  if (failing.length === candidates.length) {
    // A criterion every candidate fails is the one to name; it reads as a requirement.
    const common = failed.reduce((acc, f) => acc.filter((x) => f.some((y) => y.label === x.label)), failed[0] ?? []);
    if (common.length === 1) return `no ${other} ${common[0]!.requirement}`;
    if (common.length > 1) return `no ${other} meets the required criteria ${quoted(common.map((x) => x.label))}`;
    return `no ${other} meets every required criterion (${countLabels(labels, other)})`;
  }
  if (low.length === candidates.length) return `every pairing scores under ${minimum}`;
  if (forbidden.length === candidates.length) {
    if (forbidden.every((c) => c.block === BLOCK.matchedBefore)) return `matched before with ${everyone}`;
    if (forbidden.every((c) => c.block === BLOCK.excluded)) return `excluded by a coordinator from ${everyone}`;
    return `matched before or excluded with ${everyone}`;
  }
  const parts = [
    failing.length > 0 ? `${plural(failing.length, other)} ${verb(failing.length, 'fails', 'fail')} ${failingWords(labels, quoted)}` : '',
    low.length > 0 ? `${plural(low.length, other)} ${verb(low.length, 'scores', 'score')} under ${minimum}` : '',
    forbidden.length > 0 ? `${plural(forbidden.length, other)} ${verb(forbidden.length, 'was', 'were')} matched before or excluded` : '',
  ].filter(Boolean);
  return `no suitable ${other}: ${parts.join('; ')}`;
}

/** "\"time zone\" for 3 mentors, \"department\" for 1". */
function countLabels(failed: string[][], other: string): string {
  const counts = new Map<string, number>();
  for (const labels of failed) for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return sorted.map(([l, n], i) => `"${l}" for ${i === 0 ? plural(n, other) : n}`).join(', ');
}

/** `the required criterion "department"`, or several with counts. */
function failingWords(labels: string[][], quoted: (l: string[]) => string): string {
  const distinct = [...new Set(labels.flat())];
  if (distinct.length === 1) return `the required criterion ${quoted(distinct)}`;
  const counts = distinct.map((l) => [l, labels.filter((ls) => ls.includes(l)).length] as const);
  counts.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return `required criteria (${counts.map(([l, n]) => `${quoted([l])} for ${n}`).join(', ')})`;
}

const verb = (n: number, one: string, many: string) => (n === 1 ? one : many);
