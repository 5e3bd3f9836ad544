import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_ID, BOT_ID, GUILD_ID, apiChannel, apiMessage, apiUser, snowflake, type FakeUser } from './payloads.js';

export interface RecordedRequest {
  method: string;
  /** Decoded path below /api/v10, e.g. `/webhooks/<app>/<token>/messages/@original`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** A multipart request's files (`files[n]` parts), with their bytes; its JSON is in `body`. */
  files?: RecordedFile[];
  /** What the fake answered, e.g. the created message with its id. */
  response?: unknown;
  status?: number;
  at: number;
}

export interface RecordedFile {
  /** The form field, e.g. `files[0]`. */
  field: string;
  name: string;
  contentType: string;
  bytes: Buffer;
}

export interface CannedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Failure {
  method: string;
  path: RegExp;
  response: CannedResponse;
  times: number;
}

type Json = Record<string, unknown>;

/** The state a test sets up and reads back: who exists, which channels were created. */
export interface RestState {
  users: Map<string, FakeUser>;
  members: Set<string>;
  channels: Map<string, Json>;
  roles: Json[];
  commands: unknown[];
}

/**
 * A fake of the Discord REST API (v10) on 127.0.0.1: it records every request, answers the
 * routes the adapter uses with realistic objects, and fails on demand (`failNext`).
 */
export class FakeRest extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: Failure[] = [];
  /** Interactions already given their one callback: Discord refuses a second (40060). */
  private readonly acknowledged = new Set<string>();
  /** Discord keeps one DM channel per user: the same id every time it is opened. */
  readonly dmChannels = new Map<string, string>();
  server?: Server;
  gatewayUrl = '';

  constructor(readonly state: RestState) {
    super();
  }

  async listen(): Promise<number> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` requests matching answer with `response` instead of succeeding. */
  failNext(method: string, path: RegExp, response: CannedResponse, times = 1): void {
    this.failures.push({ method, path, response, times });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    const method = req.method ?? 'GET';
    const type = req.headers['content-type'] ?? '';
    const { body, files } = type.startsWith('multipart/form-data') ? await readMultipart(raw, type) : { body: raw.length ? (JSON.parse(raw.toString()) as unknown) : null, files: undefined };
    const record: RecordedRequest = { method, path, query: url.searchParams, body, ...(files ? { files } : {}), at: performance.now() };
    this.requests.push(record);
    const failure = this.failures.find((f) => f.method === method && f.path.test(path));
    let response: CannedResponse;
    if (failure) {
      if (--failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      response = failure.response;
    } else {
      response = this.route(method, path, withAttachments((record.body ?? {}) as Json, files));
    }
    record.response = response.body;
    record.status = response.status;
    const json = response.status === 204 ? {} : { 'content-type': 'application/json' };
    res.writeHead(response.status, { ...json, ...response.headers });
    res.end(response.status === 204 ? undefined : JSON.stringify(response.body ?? {}));
    this.emit('request', record);
  }

  private message(channelId: string, body: Json): Json {
    return apiMessage({ ...body, id: snowflake(), channel_id: channelId, author: apiUser({ id: BOT_ID, username: 'mentorbot' }, true) });
  }

  private route(method: string, path: string, body: Json): CannedResponse {
    const ok = (b: unknown): CannedResponse => ({ status: 200, body: b });
    const notFound = (code: number, message: string): CannedResponse => ({ status: 404, body: { code, message } });
    const parts = path.split('/').filter(Boolean);
    const [root, a, b, c, d] = parts;
    const key = `${method} ${root}`;
    if (path === '/gateway/bot') {
      return ok({ url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (key === 'POST interactions' && c === 'callback') {
      if (this.acknowledged.has(String(a))) return { status: 400, body: { code: 40060, message: 'Interaction has already been acknowledged.' } };
      this.acknowledged.add(String(a));
      return { status: 204 };
    }
    if (root === 'webhooks' && a === APP_ID) {
      if (method === 'POST' && parts.length === 3) return ok(this.message('webhook', body));
      if (c === 'messages' && d) return ok(this.message('webhook', body));
    }
    if (key === 'POST users' && a === '@me' && b === 'channels') {
      const user = this.state.users.get(String(body.recipient_id));
      if (!user) return notFound(10013, 'Unknown User');
      const id = this.dmChannels.get(user.id) ?? snowflake();
      this.dmChannels.set(user.id, id);
      const channel = apiChannel({ id, type: 1, recipients: [apiUser(user)] });
      this.state.channels.set(id, channel);
      return ok(channel);
    }
    if (key === 'GET users' && a) {
      const user = this.state.users.get(a);
      return user ? ok(apiUser(user)) : notFound(10013, 'Unknown User');
    }
    if (root === 'channels' && a) {
      if (!this.state.channels.has(a)) return notFound(10003, 'Unknown Channel');
      if (method === 'GET' && !b) return ok(this.state.channels.get(a));
      if (method === 'POST' && b === 'messages') return ok(this.message(a, body));
      if (method === 'PATCH' && b === 'messages' && c) return ok({ ...this.message(a, body), id: c });
      if (method === 'POST' && b === 'threads') {
        const thread = apiChannel({ id: snowflake(), type: Number(body.type ?? 12), name: String(body.name), guild_id: GUILD_ID, parent_id: a });
        const full = { ...thread, owner_id: BOT_ID, thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false, invitable: false }, member_count: 1, message_count: 0 };
        this.state.channels.set(thread.id, full);
        return ok(full);
      }
      if (method === 'PUT' && b === 'thread-members') return { status: 204 };
      if (method === 'PUT' && b === 'permissions' && c) {
        // Edit Channel Permissions: sets the whole overwrite of one role or member.
        const channel = this.state.channels.get(a)!;
        const others = ((channel.permission_overwrites ?? []) as Json[]).filter((o) => o.id !== c);
        channel.permission_overwrites = [...others, { id: c, type: Number(body.type), allow: String(body.allow ?? '0'), deny: String(body.deny ?? '0') }];
        return { status: 204 };
      }
    }
    if (root === 'guilds' && a === GUILD_ID) {
      if (method === 'POST' && b === 'channels') {
        const channel = apiChannel({ ...(body as { name: string; type: number }), id: snowflake(), guild_id: GUILD_ID });
        this.state.channels.set(channel.id, channel);
        return { status: 201, body: channel };
      }
      if (method === 'GET' && b === 'channels') return ok([...this.state.channels.values()].filter((ch) => ch.guild_id === GUILD_ID));
      if (method === 'GET' && b === 'roles') return ok(this.state.roles);
      if (method === 'GET' && b === 'members' && c) {
        const user = this.state.users.get(c);
        if (!user || !this.state.members.has(c)) return notFound(10007, 'Unknown Member');
        return ok({ user: apiUser(user), nick: null, avatar: null, roles: [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 });
      }
    }
    if (root === 'applications' && a === APP_ID && method === 'PUT') {
      this.state.commands = (body as unknown as unknown[]).map((cmd) => ({ ...(cmd as Json), id: snowflake(), application_id: APP_ID, version: '1' }));
      return ok(this.state.commands);
    }
    return notFound(0, `404: Not Found (${method} ${path})`);
  }
}

/** Discord's multipart message: the JSON in `payload_json`, each file in a `files[n]` part. */
async function readMultipart(raw: Buffer, contentType: string): Promise<{ body: unknown; files: RecordedFile[] }> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const files: RecordedFile[] = [];
  let body: unknown = null;
  for (const [field, value] of form.entries()) {
    if (field === 'payload_json') body = JSON.parse(String(value)) as unknown;
    else if (value instanceof Blob) {
      files.push({ field, name: (value as File).name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { body, files };
}

/** A created message lists its attachments as Discord does, matched to the uploaded parts by index. */
function withAttachments(body: Json, files: RecordedFile[] | undefined): Json {
  if (!files?.length) return body;
  return {
    ...body,
    attachments: files.map((f, i) => ({
      id: snowflake(),
      filename: f.name,
      size: f.bytes.length,
      content_type: f.contentType,
      url: `https://cdn.discordapp.com/attachments/${i}/${f.name}`,
      proxy_url: `https://media.discordapp.net/attachments/${i}/${f.name}`,
    })),
  };
}
