import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Ack {
  envelope_id: string;
  payload?: unknown;
}

/**
 * Slack's Socket Mode end on 127.0.0.1: greets each connection with `hello`, sends envelopes
 * on request and collects the client's acks by envelope id.
 */
export class FakeSocketMode {
  readonly acks: Ack[] = [];
  private server?: WebSocketServer;
  private socket?: WebSocket;
  private connected?: Promise<WebSocket>;

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    this.connected = new Promise((resolve) => {
      this.server!.on('connection', (socket) => {
        this.socket = socket;
        socket.on('message', (data) => {
          const parsed = JSON.parse(String(data)) as Ack;
          if (parsed.envelope_id) this.acks.push(parsed);
        });
        socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A_TEST' } }));
        resolve(socket);
      });
    });
    return this;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `ws://127.0.0.1:${address.port}/link/?ticket=test`;
  }

  async send(envelope: { envelope_id: string; type: string; payload: unknown; accepts_response_payload?: boolean }): Promise<void> {
    const socket = await this.connected!;
    socket.send(JSON.stringify(envelope));
  }

  async waitForAck(envelopeId: string, timeoutMs = 10_000): Promise<Ack> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ack = this.acks.find((a) => a.envelope_id === envelopeId);
      if (ack) return ack;
      if (Date.now() > deadline) throw new Error(`no ack for envelope ${envelopeId}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.socket = undefined;
  }
}
