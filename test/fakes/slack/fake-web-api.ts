import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

export const TEAM_ID = 'T_TEST';
export const BOT_USER_ID = 'U_BOT';
export const BOT_TOKEN = 'xoxb-test-token';
export const APP_TOKEN = 'xapp-test-token';

export interface RecordedCall {
  method: string;
  /** Form fields, with JSON-valued ones (blocks, view) parsed. */
  args: Record<string, unknown>;
  token: string | undefined;
  /** What the fake answered (e.g. the `ts` of a posted message). */
  response?: Record<string, unknown>;
  /** For a `response_url` call: the id in `responseUrl(id)`, so a reply is told from a late one of an earlier request. */
  responseId?: string;
}

export type Failure = { error: string; extra?: Record<string, unknown> } | { status: 429; retryAfter: number } | { status: number };

type Responder = (args: Record<string, unknown>, fake: FakeSlackApi) => Record<string, unknown>;

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'files']);

function decode(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parseQuery(raw))) {
    const value = Array.isArray(v) ? v.join(',') : (v ?? '');
    out[k] = JSON_FIELDS.has(k) ? JSON.parse(value) : value;
  }
  return out;
}

/**
 * A Slack Web API on 127.0.0.1: `/api/<method>` with form-encoded or JSON bodies and a Bearer
 * token, recording every call; `/respond/<id>` stands in for response_urls. Failures are
 * programmed per method with failNext.
 */
export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly takenNames = new Set<string>();
  readonly unknownUsers = new Set<string>();
  /** Who is in each channel the bot created (the bot from the start), as invites add them. */
  readonly members = new Map<string, Set<string>>();
  /** Channels archived by conversations.archive. */
  readonly archived = new Set<string>();
  readonly userGroups = new Map<string, string[]>();
  /** A user group's name (its id is the key), as `usergroups.list` lists it; groups without one have only a handle. */
  readonly userGroupNames = new Map<string, string>();
  /** Display names `users.info` gives; others get `Display <id>`. */
  readonly displayNames = new Map<string, string>();
  /** Profile time zones (`user.tz`) `users.info` gives; others have none. */
  readonly timeZones = new Map<string, string>();
  /** Files asked for with files.getUploadURLExternal, by file id: their bytes once POSTed to the upload URL. */
  readonly uploads = new Map<string, { filename: string; length: number; bytes?: Buffer }>();
  /** Files shared by files.completeUploadExternal, in order: what a person sees in the conversation. */
  readonly sharedFiles: { id: string; channel: string; filename: string; title: string; bytes: Buffer }[] = [];
  socketUrl = 'ws://127.0.0.1:1/';
  private readonly failures = new Map<string, { failure: Failure; after: number }[]>();
  private readonly waiters: (() => void)[] = [];
  private server?: Server;
  private sequence = 0;
  private readonly responders: Record<string, Responder> = {
    'auth.test': () => ({ url: 'https://test.slack.com/', team: 'Test', team_id: TEAM_ID, user: 'mentorbot', user_id: BOT_USER_ID, bot_id: 'B_BOT' }),
    'apps.connections.open': (_a, f) => ({ url: f.socketUrl }),
    'conversations.open': (a) => ({ channel: { id: `D_${String(a.users)}` } }),
    'chat.postMessage': (a, f) => ({ channel: a.channel, ts: f.nextTs(), message: { text: a.text } }),
    'chat.postEphemeral': (_a, f) => ({ message_ts: f.nextTs() }),
    'chat.update': (a) => ({ channel: a.channel, ts: a.ts }),
    'conversations.create': (a, f) => {
      const name = String(a.name);
      if (f.takenNames.has(name)) return { ok: false, error: 'name_taken' };
      f.takenNames.add(name);
      f.members.set(`G_${name}`, new Set([BOT_USER_ID]));
      return { channel: { id: `G_${name}`, name, is_private: a.is_private === 'true' || a.is_private === true } };
    },
    'conversations.invite': (a, f) => {
      const users = String(a.users).split(',');
      const bad = users.find((u) => this.unknownUsers.has(u));
      if (bad) return { ok: false, error: 'user_not_found', errors: [{ user: bad, ok: false, error: 'user_not_found' }] };
      const members = f.members.get(String(a.channel)) ?? new Set<string>();
      // Like Slack: inviting only people already there is an error, not a silent success.
      if (users.every((u) => members.has(u))) return { ok: false, error: 'already_in_channel' };
      for (const u of users) members.add(u);
      f.members.set(String(a.channel), members);
      return { channel: { id: a.channel } };
    },
    'conversations.setTopic': () => ({}),
    'conversations.archive': (a, f) => {
      // Like Slack: archiving twice is an error the adapter treats as done.
      if (f.archived.has(String(a.channel))) return { ok: false, error: 'already_archived' };
      f.archived.add(String(a.channel));
      return {};
    },
    'users.info': (a, f) =>
      f.unknownUsers.has(String(a.user))
        ? { ok: false, error: 'user_not_found' }
        : {
            user: {
              id: a.user,
              name: String(a.user).toLowerCase(),
              ...(f.timeZones.has(String(a.user)) ? { tz: f.timeZones.get(String(a.user)) } : {}),
              profile: { display_name: f.displayNames.get(String(a.user)) ?? `Display ${String(a.user)}` },
            },
          },
    'usergroups.list': (_a, f) => ({
      usergroups: [...f.userGroups.keys()].map((id) => ({ id, handle: id.toLowerCase(), ...(f.userGroupNames.has(id) ? { name: f.userGroupNames.get(id) } : {}) })),
    }),
    'usergroups.users.list': (a, f) =>
      f.userGroups.has(String(a.usergroup)) ? { users: f.userGroups.get(String(a.usergroup)) } : { ok: false, error: 'no_such_subteam' },
    'files.getUploadURLExternal': (a, f) => {
      const id = `F${f.nextTs().replace('.', '')}`;
      f.uploads.set(id, { filename: String(a.filename), length: Number(a.length) });
      return { upload_url: `${f.url}/upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (a, f) => {
      const files = a.files as { id: string; title?: string }[];
      // Like Slack: a file whose bytes never arrived cannot be shared.
      if (files.some((file) => !f.uploads.get(file.id)?.bytes)) return { ok: false, error: 'file_not_found' };
      for (const file of files) {
        const upload = f.uploads.get(file.id)!;
        f.sharedFiles.push({ id: file.id, channel: String(a.channel_id), filename: upload.filename, title: file.title ?? upload.filename, bytes: upload.bytes! });
      }
      return { files: files.map((file) => ({ id: file.id, title: file.title })) };
    },
    'views.open': (_a, f) => ({ view: { id: `V${f.nextTs().replace('.', '')}` } }),
    'views.update': () => ({ view: { id: 'V_UPDATED' } }),
    'views.publish': () => ({ view: { id: 'V_HOME' } }),
  };

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** What SLACK_API_URL points at. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  nextTs(): string {
    this.sequence += 1;
    return `1700000000.${String(this.sequence).padStart(6, '0')}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * The next call of `method` fails this way (queue several by calling again); with `after`,
   * that many calls succeed first (the second file of a message, say).
   */
  failNext(method: string, failure: Failure, after = 0): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), { failure, after }]);
  }

  private takeFailure(method: string): Failure | undefined {
    const next = this.failures.get(method)?.[0];
    if (!next) return undefined;
    if (next.after > 0) {
      next.after -= 1;
      return undefined;
    }
    return this.failures.get(method)!.shift()!.failure;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.uploads.clear();
    this.sharedFiles.length = 0;
  }

  /** The files shared in a conversation, with their contents as text. */
  filesIn(channel: string): { filename: string; title: string; text: string }[] {
    return this.sharedFiles.filter((f) => f.channel === channel).map((f) => ({ filename: f.filename, title: f.title, text: f.bytes.toString('utf8') }));
  }

  /** Resolves once `method` has been called `count` times in all (replies land after the ack). */
  async waitFor(method: string, count = 1, timeoutMs = 10_000): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.callsTo(method).length < count) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${count} × ${method}; got: ${this.calls.map((c) => c.method).join(', ') || 'nothing'}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.callsTo(method);
  }

  /** The bytes POSTed to an upload URL: the client sends them as the multipart field `body`. */
  private async receiveUpload(fileId: string, raw: Buffer, contentType: string | undefined): Promise<Record<string, unknown>> {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType ?? '' } }).formData();
    const part = form.get('body');
    const bytes = part instanceof Blob ? Buffer.from(await part.arrayBuffer()) : Buffer.from(String(part ?? ''));
    const upload = this.uploads.get(fileId);
    if (upload) upload.bytes = bytes;
    return { file_id: fileId, bytes: bytes.length };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const path = (req.url ?? '').split('?')[0] ?? '';
    const method = path.startsWith('/respond/') ? 'response_url' : path.startsWith('/upload/') ? 'upload' : path.replace(/^\/api\//, '');
    const fileId = path.slice('/upload/'.length);
    const failure = this.takeFailure(method);
    // A failed upload keeps no bytes, as if the POST never arrived.
    const args = method === 'upload' ? (failure ? { file_id: fileId } : await this.receiveUpload(fileId, raw, req.headers['content-type'])) : decode(raw.toString('utf8'), req.headers['content-type']);
    const call: RecordedCall = { method, args, token, ...(method === 'response_url' ? { responseId: path.slice('/respond/'.length) } : {}) };
    this.calls.push(call);
    for (const wake of this.waiters.splice(0)) wake();
    const send = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      call.response = body;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (failure && 'status' in failure) {
      const retry: Record<string, string> = 'retryAfter' in failure ? { 'retry-after': String(failure.retryAfter) } : {};
      return send(failure.status, { ok: false, error: failure.status === 429 ? 'ratelimited' : 'fatal_error' }, retry);
    }
    if (failure) return send(200, { ok: false, error: failure.error, ...failure.extra });
    if (method === 'response_url') return send(200, { ok: true });
    // Slack's upload URL answers in plain text and needs no token (the URL is the secret).
    if (method === 'upload') {
      call.response = { ok: this.uploads.has(fileId) };
      res.writeHead(this.uploads.has(fileId) ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(this.uploads.has(fileId) ? `OK - ${raw.length}` : 'Not found');
      return;
    }
    const expected = method === 'apps.connections.open' ? 'xapp-' : 'xoxb-';
    if (!token) return send(200, { ok: false, error: 'not_authed' });
    if (!token.startsWith(expected)) return send(200, { ok: false, error: 'invalid_auth' });
    const responder = this.responders[method];
    if (!responder) return send(200, { ok: false, error: 'unknown_method' });
    send(200, { ok: true, ...responder(args, this) });
  }
}
