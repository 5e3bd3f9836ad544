/**
 * `npm run bench`: runs each bench module in order and prints its figures (not pass/fail).
 * Storage is PostgreSQL when DATABASE_URL is set, PGlite otherwise; each bench makes and
 * removes its own scratch database.
 */

export interface BenchContext {
  /** Set when the bench should run on PostgreSQL. */
  databaseUrl: string | undefined;
  /** Prints one figure line, prefixed with the bench's name by convention (`outbox.plan: ...`). */
  report(line: string): void;
}

export interface BenchModule {
  name: string;
  run(ctx: BenchContext): Promise<void>;
}

// Adding a bench is one line here.
const BENCHES: Array<() => Promise<{ default: BenchModule }>> = [
  () => import('./outbox.js'),
  () => import('./slack.js'),
  () => import('./discord.js'),
  () => import('./matching.js'),
  () => import('./checkins.js'),
  () => import('./surveys.js'),
  () => import('./startup.js'),
];

async function main(): Promise<void> {
  // `npm run bench -- startup` runs only the benches named.
  const only = process.argv.slice(2);
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  console.log(`mentorbot bench on ${databaseUrl ? 'postgres' : 'pglite'} (node ${process.version})`);
  let failed = 0;
  for (const load of BENCHES) {
    const bench = (await load()).default;
    if (only.length > 0 && !only.includes(bench.name)) continue;
    try {
      await bench.run({ databaseUrl, report: (line) => console.log(line) });
    } catch (err) {
      failed++;
      console.error(`${bench.name}: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
