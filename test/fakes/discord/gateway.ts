import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { APP_ID, BOT_ID, GUILD_ID, apiUser } from './payloads.js';

interface GatewayPayload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

/**
 * A fake Discord gateway (v10, JSON, no compression): HELLO on connect, ACK for every
 * heartbeat, READY then GUILD_CREATE after IDENTIFY, and dispatches on demand.
 */
export class FakeGateway extends EventEmitter {
  private readonly wss: WebSocketServer;
  private socket?: WebSocket;
  private sequence = 0;
  /** The IDENTIFY payloads received, so a test can check the intents asked for. */
  readonly identifies: Record<string, unknown>[] = [];

  constructor(
    server: Server,
    private readonly guild: () => unknown,
  ) {
    super();
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  private send(payload: GatewayPayload): void {
    this.socket?.send(JSON.stringify(payload));
  }

  private onConnection(socket: WebSocket): void {
    this.socket = socket;
    this.send({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    socket.on('message', (data) => {
      const payload = JSON.parse(String(data)) as GatewayPayload;
      if (payload.op === 1) this.send({ op: 11, s: null, t: null });
      if (payload.op === 2) this.onIdentify(payload.d as Record<string, unknown>);
    });
  }

  private onIdentify(d: Record<string, unknown>): void {
    this.identifies.push(d);
    this.dispatch('READY', {
      v: 10,
      user: { ...apiUser({ id: BOT_ID, username: 'mentorbot' }, true), verified: true, mfa_enabled: false },
      guilds: [{ id: GUILD_ID, unavailable: true }],
      session_id: 'fake-session',
      resume_gateway_url: 'ws://127.0.0.1:1',
      shard: [0, 1],
      application: { id: APP_ID, flags: 0 },
    });
    this.dispatch('GUILD_CREATE', this.guild());
    this.emit('identified');
  }

  /** Sends one dispatch (op 0) with the next sequence number. */
  dispatch(t: string, d: unknown): void {
    this.send({ op: 0, s: ++this.sequence, t, d });
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
