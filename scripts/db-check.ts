/**
 * Fails when the Drizzle schema and the committed migrations disagree: drizzle-kit's own
 * consistency check, then a dry `generate` into a scratch copy that must find nothing to do.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const kit = join(root, 'node_modules', '.bin', 'drizzle-kit');
const run = (args: string[]) => execFileSync(kit, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

run(['check']);

const scratch = mkdtempSync(join(tmpdir(), 'mentorbot-db-check-'));
try {
  const out = join(scratch, 'migrations');
  cpSync(join(root, 'migrations'), out, { recursive: true });
  const config = join(scratch, 'drizzle.config.json');
  writeFileSync(
    config,
    // drizzle-kit resolves `out` against the working directory, even when it is absolute.
    JSON.stringify({ dialect: 'postgresql', schema: './src/db/schema/index.ts', out: relative(root, out) }),
  );
  const before = new Set(readdirSync(out));
  const report = run(['generate', '--config', config, '--name', 'drift']);
  const added = readdirSync(out).filter((f) => !before.has(f));
  // drizzle-kit exits 0 even when it fails, so insist on one of the two outcomes we understand.
  if (added.length === 0 && !/No schema changes/i.test(report)) {
    process.stderr.write(`db:check: drizzle-kit generate did not run cleanly:\n${report}\n`);
    process.exit(1);
  }
  if (added.length > 0) {
    process.stderr.write(
      `db:check: the schema has changes that no migration covers (${added.join(', ')}).\n` +
        'Run `npm run db:generate -- --name <what-changed>` and commit the new migration.\n',
    );
    process.exit(1);
  }
  process.stdout.write('db:check: schema and migrations agree.\n');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
