import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ReceivedWebhook {
  readonly id: string;
  readonly timestamp: number;
  readonly signature: string;
  readonly raw: string;
  readonly body: {
    type: string;
    caseType: string;
    caseId: string;
    revision: number;
    position: number;
    occurredAt: string;
    data: Record<string, unknown>;
  };
}

/** How the receiver answers the next request: 2xx, an error status, or not at all for a while. */
export type ReceiverMode = { kind: 'ok' } | { kind: 'fail'; status: number } | { kind: 'hang'; ms: number };

/**
 * A webhook receiver on 127.0.0.1, as another system would run one: it checks the Standard Webhooks
 * signature independently of the engine's code (HMAC-SHA256 of "id.timestamp.body", base64, `v1,`) and
 * keeps every request it answered 2xx, de-duplicated by `webhook-id`.
 */
export class WebhookReceiver {
  /** Every request that arrived, whatever the answer. */
  readonly requests: ReceivedWebhook[] = [];
  /** The first 2xx-answered request of each `webhook-id`, in arrival order. */
  readonly accepted: ReceivedWebhook[] = [];
  readonly badSignatures: ReceivedWebhook[] = [];
  mode: ReceiverMode = { kind: 'ok' };
  /** Called when a request arrives, before it is answered. */
  onRequest: ((request: ReceivedWebhook) => void) | undefined;
  private readonly seen = new Set<string>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly secret: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(secret: string, path = '/hooks/aftersales'): Promise<WebhookReceiver> {
    const handlers: ((request: IncomingMessage, response: ServerResponse) => void)[] = [];
    const server = createServer((request, response) => handlers[0]!(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}${path}`, secret);
    handlers.push((request, response) => void receiver.handle(request, response));
    return receiver;
  }

  /** Resolves once `count` distinct events were accepted (or rejects after `timeoutMs`). */
  async waitForAccepted(count: number, timeoutMs = 15_000): Promise<ReceivedWebhook[]> {
    const until = Date.now() + timeoutMs;
    while (this.accepted.length < count) {
      if (Date.now() > until)
        throw new Error(`expected ${count} accepted webhooks, got ${this.accepted.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.accepted;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const received: ReceivedWebhook = {
      id: String(request.headers['webhook-id']),
      timestamp: Number(request.headers['webhook-timestamp']),
      signature: String(request.headers['webhook-signature']),
      raw,
      body: JSON.parse(raw) as ReceivedWebhook['body'],
    };
    this.requests.push(received);
    this.onRequest?.(received);
    const expected = `v1,${createHmac('sha256', this.secret)
      .update(`${received.id}.${received.timestamp}.${raw}`)
      .digest('base64')}`;
    if (received.signature !== expected) {
      this.badSignatures.push(received);
      response.writeHead(401).end();
      return;
    }
    const mode = this.mode;
    if (mode.kind === 'hang') {
      await new Promise((resolve) => setTimeout(resolve, mode.ms).unref());
      if (!response.destroyed) response.writeHead(503).end();
      return;
    }
    if (mode.kind === 'fail') {
      response.writeHead(mode.status).end();
      return;
    }
    if (!this.seen.has(received.id)) {
      this.seen.add(received.id);
      this.accepted.push(received);
    }
    response.writeHead(204).end();
  }
}
