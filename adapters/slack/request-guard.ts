import type { IncomingMessage, RequestListener } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions, verifySlackRequest, type BufferedIncomingMessage } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.js';
import { shapeProblem } from './request-shape.js';

/** Slack's window for a request's timestamp, either way (Bolt checks only the past). */
const MAX_SKEW_S = 5 * 60;

interface GuardOptions {
  path: string;
  signingSecret: string;
  logger: Logger;
  now?: () => number;
}

interface Refusal {
  status: 400 | 401 | 413;
  problem: string;
}

const header = (req: IncomingMessage, name: string): string => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : '';
};

/**
 * Checks a request the way Bolt will read it, before Bolt sees it: a signed body of `null` (or
 * a payload of `null`) makes Bolt's receiver throw outside any handler, and a command without
 * a team id reaches the core. Reads the body once; Bolt reuses the buffered body.
 */
async function check(req: IncomingMessage, options: GuardOptions): Promise<Refusal | null> {
  let buffered: BufferedIncomingMessage;
  try {
    buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
  } catch (err) {
    const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && (err as { statusCode: number }).statusCode === 413;
    return { status: tooLarge ? 413 : 400, problem: 'unreadable body' };
  }
  const body = buffered.rawBody.toString();
  const form = req.headers['content-type'] === 'application/x-www-form-urlencoded';
  // Slack's SSL check is unsigned by design; Bolt answers it and drops anything else it carries.
  if (form && parseQuery(body).ssl_check === '1') return null;
  const timestamp = Number(header(req, 'x-slack-request-timestamp'));
  if (timestamp > (options.now ?? Date.now)() / 1000 + MAX_SKEW_S) return { status: 401, problem: 'timestamp in the future' };
  try {
    verifySlackRequest({
      signingSecret: options.signingSecret,
      body,
      headers: { 'x-slack-signature': header(req, 'x-slack-signature'), 'x-slack-request-timestamp': timestamp },
    });
  } catch {
    return { status: 401, problem: 'signature' };
  }
  let parsed: unknown;
  try {
    parsed = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    return { status: 400, problem: 'unparseable body' };
  }
  const problem = shapeProblem(parsed);
  return problem ? { status: 400, problem } : null;
}

/** Wraps Bolt's HTTPReceiver listener: refused requests are answered here and never reach Bolt. */
export function guardRequests(next: RequestListener, options: GuardOptions): RequestListener {
  return (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname !== options.path || req.method?.toUpperCase() !== 'POST') return next(req, res);
    check(req, options)
      .then((refusal) => {
        if (!refusal) return next(req, res);
        // The problem names a field, never a value; Bolt would log the parse error's text.
        options.logger.warn({ status: refusal.status, problem: refusal.problem }, 'slack: request refused');
        res.writeHead(refusal.status);
        res.end();
      })
      .catch((err: unknown) => {
        options.logger.error({ err }, 'slack: could not check a request');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
}
