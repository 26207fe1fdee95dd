import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  MemoryEventStore,
  PostgresAdvisoryDuty,
  PostgresEventStore,
  type EventStore,
} from '../event-store/index.js';
import { ConfigurationError } from '../kernel/index.js';
import { newSubscription, startPostgres, type PostgresDatabase } from '../testing/index.js';
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
    await outbox.subscriptions.create(newSubscription({ id, caseTypes, startPosition }));
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
    expect(await backend.storage.enqueue(0, 1, () => queued, Date.now())).toBe(true);
    expect(await backend.storage.enqueue(0, 1, () => queued, Date.now())).toBe(false);
    await backend.storage.delivered(queued[0]!);
    expect(await backend.rows()).toEqual([]);
    expect(await outbox.checkpoint()).toBe(1);
  });

  it('given the feeder took events in before a subscription created from an older head was stored, then it starts after them (they are sent only by a replay)', async () => {
    await record('complaint', 'a', 'ComplaintReceived');
    await record('complaint', 'a', 'ComplaintVerified');
    let seen: readonly string[] = ['not called'];
    expect(
      await backend.storage.enqueue(
        0,
        2,
        (subscriptions) => ((seen = subscriptions.map((s) => s.id)), []),
        0,
      ),
    ).toBe(true);
    expect(seen).toEqual([]);
    const id = await subscribe([], 0);
    expect((await outbox.subscriptions.get(id))?.startPosition).toBe(2);
    await record('complaint', 'a', 'ComplaintEscalated');
    await outbox.catchUp();
    expect(await backend.rows()).toEqual([{ position: 3, stream: 'complaint-a', ready: true }]);
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
      await backend.storage.subscriptions.create(newSubscription({ id: subscription }));
      const from = await backend.storage.checkpoint();
      const queued = [{ subscriptionId: subscription, position: from + 1, streamId: 'complaint-a' }];
      // NaN is no bigint: the checkpoint's UPDATE fails after the rows were inserted.
      await expect(backend.storage.enqueue(from, Number.NaN, () => queued, Date.now())).rejects.toThrow();
      expect(await backend.rows()).toEqual([]);
      expect(await backend.storage.checkpoint()).toBe(from);
      expect(await backend.storage.enqueue(from, from + 1, () => queued, Date.now())).toBe(true);
      expect(await backend.rows()).toEqual([{ position: from + 1, stream: 'complaint-a', ready: true }]);
    });

    it('given a subscription created while a feeder’s transaction holds the checkpoint, then it waits and starts where that feeder left off', async () => {
      const feeder = new pg.Client({ connectionString: database.url });
      await feeder.connect();
      try {
        await feeder.query('BEGIN');
        const { rows } = await feeder.query<{ position: string }>(
          'SELECT position FROM webhook_outbox_checkpoint FOR UPDATE',
        );
        const to = Number(rows[0]!.position) + 5;
        let created = false;
        const creating = backend.storage.subscriptions
          .create(newSubscription())
          .finally(() => (created = true));
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(created).toBe(false);
        await feeder.query('UPDATE webhook_outbox_checkpoint SET position = $1', [to]);
        await feeder.query('COMMIT');
        expect((await creating).startPosition).toBe(to);
      } finally {
        await feeder.end();
      }
    });

    it('given a case’s next event being queued while its head is delivered, then the delivery waits for the queue, and the next is ready after both', async () => {
      const id = randomUUID();
      await backend.storage.subscriptions.create(newSubscription({ id }));
      const from = await backend.storage.checkpoint();
      const head = { subscriptionId: id, position: from + 1, streamId: 'complaint-race' };
      await backend.storage.enqueue(from, from + 1, () => [head], Date.now());
      // A feeder's transaction, as enqueue runs it, held open after queueing the case's next row.
      const feeder = new pg.Client({ connectionString: database.url });
      await feeder.connect();
      try {
        await feeder.query('BEGIN');
        await feeder.query('SELECT position FROM webhook_outbox_checkpoint FOR UPDATE');
        await feeder.query(
          `INSERT INTO webhook_outbox_deliveries
             (subscription_id, position, stream_id, status, attempts, next_attempt_at, ready)
           VALUES ($1, $2, 'complaint-race', 'pending', 0, 0, false)`,
          [id, from + 2],
        );
        let delivered = false;
        const delivering = backend.storage.delivered(head).finally(() => (delivered = true));
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(delivered).toBe(false);
        await feeder.query('UPDATE webhook_outbox_checkpoint SET position = $1', [from + 2]);
        await feeder.query('COMMIT');
        await delivering;
      } finally {
        await feeder.end();
      }
      expect((await backend.storage.due(Date.now(), 10)).map((due) => due.position)).toContain(from + 2);
    });

    it('given two nodes started, then only the holder of the webhook-outbox duty delivers, and the other takes over once it stops', async () => {
      const outboxOf = async (): Promise<WebhookOutbox> =>
        new WebhookOutbox({
          storage: await node(),
          store: backend.store,
          present: (_caseType, data) => data,
          delivery,
          logger: quiet,
          duty: new PostgresAdvisoryDuty(database.url, 'webhook-outbox'),
          dutyIntervalMs: 50,
        });
      // Earlier tests here moved the checkpoint by hand; it starts at the log's head, as after migration 4.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(
        'UPDATE webhook_outbox_checkpoint SET position = (SELECT coalesce(max(position), 0) FROM events)',
      );
      await admin.end();
      const [first, second] = [await outboxOf(), await outboxOf()];
      const until = async (condition: () => boolean | Promise<boolean>): Promise<void> => {
        const deadline = Date.now() + 5000;
        while (!(await condition()) && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 20));
      };
      try {
        first.start();
        second.start();
        await until(() => first.delivering || second.delivering);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect([first.delivering, second.delivering].filter(Boolean)).toHaveLength(1);
        const [holder, standby] = first.delivering ? [first, second] : [second, first];
        await backend.store.append(
          `complaint-${randomUUID()}`,
          [
            {
              eventId: randomUUID(),
              type: 'ComplaintReceived',
              data: {},
              metadata: { caseType: 'complaint', caseId: 'x' },
            },
          ],
          'no_stream',
        );
        // The holder feeds the outbox: the checkpoint both read reaches the head.
        const head = await backend.store.headPosition();
        await until(async () => (await standby.checkpoint()) === head);
        expect(await standby.checkpoint()).toBe(head);
        await holder.stop();
        await until(() => standby.delivering);
        expect(standby.delivering).toBe(true);
        expect(holder.delivering).toBe(false);
      } finally {
        await first.stop();
        await second.stop();
      }
    });

    it('given a subscription created through one node, then another node lists it and signs with its secret', async () => {
      const [a, b] = [await node(), await node()];
      const id = randomUUID();
      await a.subscriptions.create(
        newSubscription({
          id,
          caseTypes: ['complaint'],
          personalData: true,
          secret: 'the-receivers-shared-secret',
          startPosition: 100,
        }),
      );
      expect(await b.subscriptions.get(id)).toMatchObject({
        caseTypes: ['complaint'],
        personalData: true,
        createdAt: '2026-03-02T09:00:00.000Z',
        startPosition: 100,
      });
      expect(await b.subscriptions.secretOf(id)).toBe('the-receivers-shared-secret');
    });

    it('given the database keeps the sealing key, then a node started with WEBHOOK_SECRET_KEY refuses to start', async () => {
      await expect(node(Buffer.alloc(32, 9))).rejects.toThrow(ConfigurationError);
    });
  },
);
