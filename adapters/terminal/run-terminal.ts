import { createInterface } from 'node:readline';
import type { TerminalHost } from './session.js';
import { TerminalSession } from './session.js';

/**
 * Reads lines until input ends. In a TTY it shows a prompt naming the current user; piped
 * input is a script of `<user>: <input>` lines, handled strictly one after another.
 */
export async function runTerminal(
  host: TerminalHost,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; interactive: boolean },
): Promise<void> {
  const write = (line: string) => io.output.write(`${line}\n`);
  const session = new TerminalSession(host, write);
  const rl = createInterface({ input: io.input, output: io.interactive ? io.output : undefined, terminal: io.interactive });
  if (io.interactive) {
    write('mentorbot terminal. Type `/mentor help`, or `bob: /mentor help` to speak as bob. Controls: :as, :coordinator, :advance, :import. Ctrl-D quits.');
    rl.setPrompt(`${session.user}> `);
    rl.prompt();
  }
  for await (const line of rl) {
    await session.line(line);
    if (io.interactive) {
      rl.setPrompt(`${session.user}> `);
      rl.prompt();
    }
  }
}
