import { PassThrough, Readable } from 'node:stream';
import { runTerminal } from '../../adapters/terminal/run-terminal.js';
import { TERMINAL_WORKSPACE, TerminalChat } from '../../adapters/terminal/terminal-chat.js';
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
      },
      { input: Readable.from([script]), output, interactive: false },
    );
    return lines;
  };
}
