import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MIGRATIONS_DIR } from '../src/db/client.js';
import { ensurePgliteImage, pgliteImagePath } from '../src/db/pglite-image.js';
import type { BenchContext, BenchModule } from './index.js';

/**
 * Start-up as a whole process, each case RUNS times (STARTUP_RUNS, default 3), round-robin so
 * a busy machine weighs on every case alike; medians printed. Measured by `/usr/bin/time -v`
 * where it exists (wall, user + system CPU, peak resident memory), else wall time only.
 * - floor.*: bare Node scripts (bench/startup-floor.mjs): PGlite creating a new database
 *   (initdb), opening an existing one, creating one from the prepared image with `loadDataDir`.
 * - session.*: `printf 'alice: /mentor help\n' | npm start --silent` on a new DATA_DIR and on
 *   an existing one, as the README runs it; session.warm.node runs `node scripts/start.mjs`
 *   (what npm start runs) to tell npm's own share apart.
 * PGlite only: DATABASE_URL is ignored here.
 */
const ROOT = resolve(import.meta.dirname, '..');
const TIME = '/usr/bin/time';
const SCRIPT = 'alice: /mentor help\n';

interface Sample {
  wallS: number;
  cpuS: number | null;
  peakMb: number | null;
}

function run(command: string[], env: Record<string, string>, input = ''): Promise<Sample> {
  const timed = existsSync(TIME) ? [TIME, '-v', ...command] : command;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|DATABASE_URL|PROGRAM_FILE|LOG_LEVEL)/.test(k)));
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(timed[0] as string, timed.slice(1), { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(input);
    child.on('error', fail);
    child.on('exit', (code) => {
      const wall = (performance.now() - started) / 1000;
      if (code !== 0) return fail(new Error(`${command.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      const field = (name: string) => {
        const line = stderr.split('\n').find((l) => l.trim().startsWith(name));
        return line ? line.slice(line.lastIndexOf(' ') + 1) : undefined;
      };
      const elapsed = field('Elapsed (wall clock) time');
      const user = field('User time');
      const system = field('System time');
      const rss = field('Maximum resident set size');
      done({
        wallS: elapsed ? elapsed.split(':').reduce((total, part) => total * 60 + Number(part), 0) : wall,
        cpuS: user && system ? Number(user) + Number(system) : null,
        peakMb: rss ? Number(rss) / 1024 : null,
      });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] as number;

function summary(samples: Sample[]): { wallS: number; cpuS: number | null; peakMb: number | null; text: string } {
  const wallS = median(samples.map((s) => s.wallS));
  const cpu = samples.every((s) => s.cpuS !== null) ? median(samples.map((s) => s.cpuS as number)) : null;
  const peak = samples.every((s) => s.peakMb !== null) ? median(samples.map((s) => s.peakMb as number)) : null;
  const parts = [`wall ${wallS.toFixed(2)} s`, cpu === null ? null : `cpu ${cpu.toFixed(2)} s`, peak === null ? null : `peak ${Math.round(peak)} MB`];
  const each = samples.map((s) => s.wallS.toFixed(2)).join(', ');
  return { wallS, cpuS: cpu, peakMb: peak, text: `${parts.filter(Boolean).join(', ')} (median of ${samples.length}: ${each} s)` };
}

const bench: BenchModule = {
  name: 'startup',
  async run(ctx: BenchContext) {
    const runs = Number(process.env.STARTUP_RUNS ?? 3);
    const scratch = mkdtempSync(join(tmpdir(), 'mentorbot-bench-startup-'));
    try {
      // The image npm start and the tests use (built now if the cache lacks it), as a file for loadDataDir.
      await ensurePgliteImage({ migrationsDir: MIGRATIONS_DIR });
      const image = join(scratch, 'image.tar.gz');
      const cached = pgliteImagePath({ migrationsDir: MIGRATIONS_DIR });
      writeFileSync(image, existsSync(cached) ? readFileSync(cached) : Buffer.alloc(0));
      const existing = join(scratch, 'existing');
      const warmData = join(scratch, 'warm');
      // Untimed: makes the existing databases, and compiles the sources if they changed.
      await run(['node', 'bench/startup-floor.mjs', 'new', existing], {});
      await run(['npm', 'start', '--silent'], { DATA_DIR: warmData }, SCRIPT);
      let n = 0;
      const fresh = () => join(scratch, `fresh-${n++}`);
      const cases: Array<[string, () => Promise<Sample>]> = [
        ['floor.new', () => run(['node', 'bench/startup-floor.mjs', 'new', fresh()], {})],
        ['floor.open', () => run(['node', 'bench/startup-floor.mjs', 'open', existing], {})],
        ['floor.load', () => run(['node', 'bench/startup-floor.mjs', 'load', fresh(), image], {})],
        ['session.fresh', () => run(['npm', 'start', '--silent'], { DATA_DIR: fresh() }, SCRIPT)],
        ['session.warm', () => run(['npm', 'start', '--silent'], { DATA_DIR: warmData }, SCRIPT)],
        // What npm start runs, without npm's own start-up (about 0.3 s): the part this project owns.
        ['session.warm.node', () => run(['node', 'scripts/start.mjs'], { DATA_DIR: warmData }, SCRIPT)],
      ];
      const samples = new Map<string, Sample[]>(cases.map(([name]) => [name, []]));
      for (let round = 0; round < runs; round++) {
        for (const [name, measure] of cases) samples.get(name)?.push(await measure());
      }
      const figures = new Map([...samples].map(([name, s]) => [name, summary(s)]));
      for (const [name, figure] of figures) ctx.report(`startup.${name}: ${figure.text}`);
      const ratio = (a: string, b: string) => {
        const x = figures.get(a);
        const y = figures.get(b);
        if (!x || !y) return;
        const memory = x.peakMb !== null && y.peakMb !== null ? `, peak ${(x.peakMb / y.peakMb).toFixed(2)}x` : '';
        ctx.report(`startup.${a} / ${b}: wall ${(x.wallS / y.wallS).toFixed(2)}x${memory}`);
      };
      ratio('session.fresh', 'floor.load');
      ratio('session.warm', 'floor.open');
      ratio('session.warm.node', 'floor.open');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

export default bench;
