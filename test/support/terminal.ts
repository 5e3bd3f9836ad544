import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runTerminal } from '../../adapters/terminal/run-terminal.js';
import { TERMINAL_WORKSPACE, TerminalChat } from '../../adapters/terminal/terminal-chat.js';
import { importForTerminal } from '../../src/terminal-import.js';
import type { TestApp } from './test-app.js';

/**
 * Runs a terminal script through the real terminal adapter against a test app and returns the
 * printed lines. Outbox deliveries print through the same TerminalChat, as under `npm start`.
 */
export function terminalRunner(t: TestApp, options: { exportDir?: string } = {}) {
  let lines: string[] = [];
  // Files sent to people are saved under the temporary directory, never in the repository; it
  // is created only when a file is saved. `exportDir` on the runner says where.
  const exportDir = options.exportDir ?? join(tmpdir(), `mentorbot-exports-${randomUUID()}`);
  t.chat.register(new TerminalChat((line) => lines.push(line), exportDir));
  const run = async (script: string): Promise<string[]> => {
    lines = [];
    const output = new PassThrough();
    output.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    await runTerminal(
      {
        handle: (event) => t.app.bot.handle(event),
        drain: () => t.app.drain(),
        grantCoordinator: (user) => t.app.grantCoordinator('terminal', TERMINAL_WORKSPACE, user),
        advance: (ms) => t.app.advanceClock(ms),
        importApplicants: (role, path) => importForTerminal(t.app, TERMINAL_WORKSPACE, role, path),
      },
      { input: Readable.from([script]), output, interactive: false },
    );
    return lines;
  };
  return Object.assign(run, { exportDir });
}

/**
 * `printf '<script>' | npm start` as a reader runs it: npm start's own command (scripts/start.mjs,
 * which runs main.ts compiled) with piped (non-TTY) stdin, no platform tokens, a fresh PGlite
 * directory. Returns both streams, line by line.
 */
export function startScripted(script: string, env: Record<string, string> = {}): { status: number | null; stdout: string[]; stderr: string[] } {
  const dataDir = mkdtempSync(join(tmpdir(), 'mentorbot-scripted-'));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|DATABASE_URL|PROGRAM_FILE|LOG_LEVEL)/.test(k)));
  try {
    const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
      // Exports go beside the scratch database (not inside PGlite's directory), removed with it.
      env: { ...inherited, DATA_DIR: dataDir, EXPORT_DIR: `${dataDir}-exports`, ...env },
      input: script,
      encoding: 'utf8',
      // The first start after a source change compiles it (scripts/start.mjs): slow on a busy machine.
      timeout: 110_000,
    });
    const lines = (text: string) => text.split('\n').filter(Boolean);
    return { status: result.status, stdout: lines(result.stdout), stderr: lines(result.stderr) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}-exports`, { recursive: true, force: true });
  }
}
