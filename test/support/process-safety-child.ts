/**
 * A process with the safety net installed, for test/integration/process-safety.test.ts:
 * `node --import tsx test/support/process-safety-child.ts rejection|exception`. It fails as
 * asked, then prints "still serving" half a second later if it is still up.
 */
import { pino } from 'pino';
import { createLogger } from '../../src/core/logger.js';
import { installProcessSafety } from '../../src/process-safety.js';

const logger = createLogger({ destination: pino.destination(2) });
installProcessSafety({ logger });
const failure = new Error('Failed query: insert into "run_answers" ("value") values ($1)\nparams: my-secret-answer');
if (process.argv[2] === 'rejection') void Promise.reject(failure);
else setTimeout(() => {
  throw failure;
}, 10);
setTimeout(() => process.stdout.write('still serving\n'), 500);
