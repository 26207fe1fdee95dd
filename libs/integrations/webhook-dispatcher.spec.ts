import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { MemoryEventStore } from '../event-store/index.js';
import { newSubscription } from '../testing/index.js';
import { SecretBox } from './secret-box.js';
import { SqliteWebhookOutboxStore } from './sqlite-webhook-outbox-store.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import type { DueDelivery, QueuedDelivery, WebhookOutboxStore } from './webhook-outbox-store.port.js';
import { WebhookOutbox } from './webhook-outbox.js';

const quiet = { warn: () => undefined, error: () => undefined };
const delivery = {
  timeoutMs: 5000,
  maxAttempts: 3,
  retryBaseMs: 10,
  retryMaxMs: 100,
  pollIntervalMs: 5,
  concurrency: 4,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A receiver that answers every request 204 after `answerAfterMs`, and counts what arrived by webhook-id. */
async function startReceiver(answerAfterMs: number): Promise<{ url: string; ids: string[]; server: Server }> {
  const ids: string[] = [];
  const server = createServer((request, response) => {
    ids.push(String(request.headers['webhook-id']));
    request.resume();
    setTimeout(() => response.writeHead(204).end(), answerAfterMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hooks`, ids, server };
}

describe('the webhook dispatcher', () => {
  let store: MemoryEventStore;
  let storage: SqliteWebhookOutboxStore;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dispatcher: WebhookDispatcher | undefined;

  beforeEach(async () => {
    store = new MemoryEventStore();
    storage = new SqliteWebhookOutboxStore(':memory:', SecretBox.fromKey(Buffer.alloc(32, 5)));
    receiver = await startReceiver(40);
  });
  afterEach(async () => {
    await dispatcher?.stop();
    await storage.close();
    await store.close();
    receiver.server.closeAllConnections();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  /** One complaint event in the log, queued for one subscription to the receiver. */
  async function queueOneEvent(): Promise<string> {
    const eventId = randomUUID();
    await store.append(
      `complaint-${randomUUID()}`,
      [{ eventId, type: 'ComplaintReceived', data: {}, metadata: { caseType: 'complaint', caseId: 'c1' } }],
      'no_stream',
    );
    await storage.subscriptions.create(newSubscription({ url: receiver.url }));
    await new WebhookOutbox({
      storage,
      store,
      present: (_caseType, data) => data,
      delivery,
      logger: quiet,
    }).catchUp();
    return eventId;
  }

  it('given a look at the outbox that read a delivery before it was answered, and returns after it settled, then that delivery is not sent twice', async () => {
    const eventId = await queueOneEvent();
    // Every look after the first reads the outbox at once but answers only after the delivery in flight
    // was recorded and its slot freed: a server's reply overtaken by the delivery it still lists.
    let looks = 0;
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const slowLooks = new Proxy(storage, {
      get(target, property, receiverObject) {
        if (property === 'due')
          return async (now: number, limit: number): Promise<DueDelivery[]> => {
            const rows = await target.due(now, limit);
            looks += 1;
            if (looks > 1 && rows.length > 0) {
              await settled;
              await sleep(20);
            }
            return rows;
          };
        if (property === 'delivered')
          return async (row: QueuedDelivery): Promise<void> => {
            await target.delivered(row);
            settle();
          };
        const value: unknown = Reflect.get(target, property, receiverObject);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as WebhookOutboxStore;

    dispatcher = new WebhookDispatcher(slowLooks, store, (_caseType, data) => data, delivery, quiet);
    dispatcher.start();
    await settled;
    await sleep(200);

    expect(looks).toBeGreaterThan(2);
    expect(receiver.ids).toEqual([eventId]);
    expect(await storage.pending()).toEqual(new Map());
  });
});
