/**
 * A concurrent image builder for test/integration/pglite-image.test.ts:
 * `node --import tsx test/support/image-writer.ts <image file> <gzip source> <times>` saves the
 * source as the image that many times, as racing `npm start`s and test runs would.
 */
import { readFileSync } from 'node:fs';
import { savePgliteImage } from '../../src/db/pglite-image.js';

const [file, source, times] = process.argv.slice(2) as [string, string, string];
const gzip = readFileSync(source);
for (let i = 0; i < Number(times); i++) if (!savePgliteImage(file, gzip)) process.exit(2);
