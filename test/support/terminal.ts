import { spawnSync } from 'node:child_process';
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
export function terminalRunner(t: TestApp) {
  let lines: string[] = [];
  t.chat.register(new TerminalChat((line) => lines.push(line)));
  return async (script: string): Promise<string[]> => {
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
      env: { ...inherited, DATA_DIR: dataDir, ...env },
      input: script,
      encoding: 'utf8',
      // The first start after a source change compiles it (scripts/start.mjs): slow on a busy machine.
      timeout: 110_000,
    });
    const lines = (text: string) => text.split('\n').filter(Boolean);
    return { status: result.status, stdout: lines(result.stdout), stderr: lines(result.stderr) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
