import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { MemoryEventStore, PostgresEventStore, type EventStore } from '../event-store/index.js';
import { ConfigurationError } from '../kernel/index.js';
import { startPostgres, type PostgresDatabase } from '../testing/index.js';
import { PostgresWebhookOutboxStore } from './postgres-webhook-outbox-store.js';
import { SecretBox } from './secret-box.js';
import { SqliteWebhookOutboxStore } from './sqlite-webhook-outbox-store.js';
import type { WebhookOutboxStore } from './webhook-outbox-store.port.js';
import { WebhookOutbox } from './webhook-outbox.js';

const quiet = { warn: () => undefined, error: () => undefined };
const delivery = {
  timeoutMs: 1000,
  maxAttempts: 3,
  retryBaseMs: 10,
  retryMaxMs: 100,
  pollIntervalMs: 10,
  concurrency: 4,
};

type Row = { position: number; stream: string; ready: boolean };

/** One storage of the port, on a log of its own, and a look at its outbox rows (oldest first). */
interface Backend {
  readonly store: EventStore;
  readonly storage: WebhookOutboxStore;
  rows(): Promise<Row[]>;
  close(): Promise<void>;
}

const postgres = await startPostgres();
if ('skip' in postgres) console.log(`PostgreSQL outbox specs skipped: ${postgres.skip}`);

const backends: [string, () => Promise<Backend>][] = [
  [
    'SQLite (the embedded store)',
    async () => {
      const store = new MemoryEventStore();
      const storage = new SqliteWebhookOutboxStore(':memory:', SecretBox.fromKey(Buffer.alloc(32, 3)));
      return {
        store,
        storage,
        rows: async () =>
          storage.db
            .prepare<[], { position: number; stream: string; ready: number }>(
              'SELECT position, stream_id AS stream, ready FROM webhook_outbox_deliveries ORDER BY position',
            )
            .all()
            .map((row) => ({ ...row, ready: row.ready === 1 })),
        close: async () => {
          await storage.close();
          await store.close();
        },
      };
    },
  ],
];
if (!('skip' in postgres)) backends.push(['PostgreSQL (shared by every node)', () => onPostgres(postgres)]);

/** A clean outbox in the shared test database: the log, subscriptions and outbox emptied. */
async function onPostgres(database: PostgresDatabase): Promise<Backend> {
  const store = await PostgresEventStore.open({ connectionString: database.url });
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(
    'TRUNCATE events, webhook_outbox_deliveries, webhook_subscriptions; UPDATE webhook_outbox_checkpoint SET position = 0',
  );
  const storage = await PostgresWebhookOutboxStore.open({ connectionString: database.url });
  return {
    store,
    storage,
    rows: async () =>
      (
        await admin.query<{ position: string; stream: string; ready: boolean }>(
          'SELECT position, stream_id AS stream, ready FROM webhook_outbox_deliveries ORDER BY position',
        )
      ).rows.map((row) => ({ ...row, position: Number(row.position) })),
    close: async () => {
      await storage.close();
      await admin.end();
      await store.close();
    },
  };
}

afterAll(async () => {
  if (!('skip' in postgres)) await postgres.stop();
});

describe.each(backends)('the webhook outbox on %s', (_name, open) => {
  let backend: Backend;
  let outbox: WebhookOutbox;

  beforeEach(async () => {
    backend = await open();
    outbox = new WebhookOutbox({
      storage: backend.storage,
      store: backend.store,
      present: (_caseType, data) => data,
      delivery,
      logger: quiet,
    });
  });
  afterEach(async () => {
    await outbox.stop();
    await backend.close();
  });

  async function record(caseType: string, caseId: string, type: string): Promise<void> {
    const stream = `${caseType}-${caseId}`;
    const revision = await backend.store.streamRevision(stream);
    await backend.store.append(
      stream,
      [{ eventId: randomUUID(), type, data: {}, metadata: { caseType, caseId } }],
      revision ?? 'no_stream',
    );
  }

  async function subscribe(caseTypes: string[] = [], startPosition = 0): Promise<string> {
    const id = randomUUID();
    await outbox.subscriptions.create({
      id,
      url: 'http://127.0.0.1:9/unused',
      caseTypes,
      eventTypes: [],
      personalData: false,
      secret: 'a-secret-of-at-least-24-chars',
      createdAt: '2026-03-02T09:00:00.000Z',
      createdBy: 'zhou.integration',
      startPosition,
    });
    return id;
  }

  it('given two cases with two events each, queues all four and marks only the first of each case ready', async () => {
    await subscribe(['complaint']);
    await record('complaint', 'a', 'ComplaintReceived');
    await record('complaint', 'b', 'ComplaintReceived');
    await record('goodwill', 'c', 'GoodwillApplied');
    await record('complaint', 'a', 'ComplaintVerified');
    await record('complaint', 'b', 'ComplaintVerified');
    await outbox.catchUp();
    expect(await backend.rows()).toEqual([
      { position: 1, stream: 'complaint-a', ready: true },
      { position: 2, stream: 'complaint-b', ready: true },
      { position: 4, stream: 'complaint-a', ready: false },
      { position: 5, stream: 'complaint-b', ready: false },
    ]);
    expect(await outbox.checkpoint()).toBe(5);
  });

  it('given a subscription created at position 2, queues only the events after it; a replay from 1 queues the earlier one first', async () => {
    await record('complaint', 'a', 'ComplaintReceived');
    await record('complaint', 'a', 'ComplaintVerified');
    const id = await subscribe([], 2);
    await record('complaint', 'a', 'ComplaintEscalated');
    await outbox.catchUp();
    expect(await backend.rows()).toEqual([{ position: 3, stream: 'complaint-a', ready: true }]);

    expect(await outbox.replay(id, 1)).toBe(3);
    expect(await backend.rows()).toEqual([
      { position: 1, stream: 'complaint-a', ready: true },
      { position: 2, stream: 'complaint-a', ready: false },
      { position: 3, stream: 'complaint-a', ready: false },
    ]);
  });

  it('given a delivered head of a case, the case’s next becomes ready and the subscription counts it; a dead letter lets the next go too', async () => {
    const id = await subscribe();
    for (const type of ['ComplaintReceived', 'ComplaintVerified', 'ComplaintEscalated'])
      await record('complaint', 'a', type);
    await outbox.catchUp();
    await backend.storage.delivered({ subscriptionId: id, position: 1, streamId: 'complaint-a' });
    expect(await backend.rows()).toEqual([
      { position: 2, stream: 'complaint-a', ready: true },
      { position: 3, stream: 'complaint-a', ready: false },
    ]);
    await backend.storage.failed(
      { subscriptionId: id, position: 2, streamId: 'complaint-a' },
      { attempts: 3, error: 'HTTP 500', nextAttemptAt: 0, deadAt: '2026-03-02T10:00:00.000Z' },
    );
    expect((await backend.storage.due(Date.now(), 10)).map((due) => due.position)).toEqual([3]);
    expect(await outbox.deadLetters(id)).toEqual([
      {
        position: 2,
        streamId: 'complaint-a',
        attempts: 3,
        lastError: 'HTTP 500',
        deadAt: '2026-03-02T10:00:00.000Z',
      },
    ]);
    expect(await outbox.subscriptions.get(id)).toMatchObject({
      delivered: 1,
      failedAttempts: 1,
      deadLettered: 1,
    });
  });

  it('given a feeder that read from a checkpoint another feeder has moved since, then it writes nothing', async () => {
    const id = await subscribe();
    await record('complaint', 'a', 'ComplaintReceived');
    const queued = [{ subscriptionId: id, position: 1, streamId: 'complaint-a' }];
    expect(await backend.storage.enqueue(queued, 0, 1, Date.now())).toBe(true);
    expect(await backend.storage.enqueue(queued, 0, 1, Date.now())).toBe(false);
    await backend.storage.delivered(queued[0]!);
    expect(await backend.rows()).toEqual([]);
    expect(await outbox.checkpoint()).toBe(1);
  });

  it('given a revoked subscription, its undelivered events are dropped and it is listed as revoked', async () => {
    const id = await subscribe();
    await record('complaint', 'a', 'ComplaintReceived');
    await outbox.catchUp();
    expect(await outbox.subscriptions.revoke(id, '2026-03-02T11:00:00.000Z', 'zhou.integration')).toBe(true);
    expect(await outbox.subscriptions.revoke(id, '2026-03-02T11:00:00.000Z', 'zhou.integration')).toBe(false);
    expect(await backend.rows()).toEqual([]);
    expect(await outbox.subscriptions.secretOf(id)).toBeUndefined();
    expect(await outbox.subscriptions.list()).toEqual([
      expect.objectContaining({ id, revokedAt: '2026-03-02T11:00:00.000Z', revokedBy: 'zhou.integration' }),
    ]);
  });
});

(('skip' in postgres ? describe.skip : describe) as typeof describe)(
  'the webhook outbox in PostgreSQL, shared by several nodes',
  () => {
    const database = postgres as PostgresDatabase;
    let backend: Backend;
    const others: PostgresWebhookOutboxStore[] = [];
    beforeAll(async () => {
      backend = await onPostgres(database);
    });
    afterAll(async () => {
      await Promise.all(others.map((other) => other.close()));
      await backend.close();
    });
    const node = async (secretKey?: Buffer): Promise<PostgresWebhookOutboxStore> => {
      const other = await PostgresWebhookOutboxStore.open({
        connectionString: database.url,
        ...(secretKey !== undefined ? { secretKey } : {}),
      });
      others.push(other);
      return other;
    };

    it('given a queue whose checkpoint cannot be written, then none of its rows are kept either (one transaction)', async () => {
      const subscription = randomUUID();
      await backend.storage.subscriptions.create({
        id: subscription,
        url: 'http://127.0.0.1:9/unused',
        caseTypes: [],
        eventTypes: [],
        personalData: false,
        secret: 'a-secret-of-at-least-24-chars',
        createdAt: '2026-03-02T09:00:00.000Z',
        createdBy: 'zhou.integration',
        startPosition: 0,
      });
      const from = await backend.storage.checkpoint();
      const queued = [{ subscriptionId: subscription, position: from + 1, streamId: 'complaint-a' }];
      // NaN is no bigint: the checkpoint's UPDATE fails after the rows were inserted.
      await expect(backend.storage.enqueue(queued, from, Number.NaN, Date.now())).rejects.toThrow();
      expect(await backend.rows()).toEqual([]);
      expect(await backend.storage.checkpoint()).toBe(from);
      expect(await backend.storage.enqueue(queued, from, from + 1, Date.now())).toBe(true);
      expect(await backend.rows()).toEqual([{ position: from + 1, stream: 'complaint-a', ready: true }]);
    });

    it('given a subscription created through one node, then another node lists it and signs with its secret', async () => {
      const [a, b] = [await node(), await node()];
      const id = randomUUID();
      await a.subscriptions.create({
        id,
        url: 'http://127.0.0.1:9/unused',
        caseTypes: ['complaint'],
        eventTypes: [],
        personalData: true,
        secret: 'the-receivers-shared-secret',
        createdAt: '2026-03-02T09:00:00.000Z',
        createdBy: 'zhou.integration',
        startPosition: 7,
      });
      expect(await b.subscriptions.get(id)).toMatchObject({
        caseTypes: ['complaint'],
        personalData: true,
        createdAt: '2026-03-02T09:00:00.000Z',
        startPosition: 7,
      });
      expect(await b.subscriptions.secretOf(id)).toBe('the-receivers-shared-secret');
    });

    it('given the database keeps the sealing key, then a node started with WEBHOOK_SECRET_KEY refuses to start', async () => {
      await expect(node(Buffer.alloc(32, 9))).rejects.toThrow(ConfigurationError);
    });
  },
);
