import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { importIntoEmptyStore, MemoryEventStore, PostgresEventStore } from '../event-store/index.js';
import type { RecordedEvent } from '../kernel/index.js';
import { newSubscription, startPostgres, type PostgresDatabase } from '../testing/index.js';
import { importSqliteSubscriptions } from './postgres-subscription-import.js';
import { PostgresWebhookOutboxStore } from './postgres-webhook-outbox-store.js';
import { SecretBox } from './secret-box.js';
import { SqliteWebhookOutboxStore } from './sqlite-webhook-outbox-store.js';
import { WebhookOutboxFeeder } from './webhook-outbox-feeder.js';
import type { WebhookOutboxStore } from './webhook-outbox-store.port.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`Subscription import specs skipped: ${target.skip}`);

const SECRET = 'the-receivers-original-secret';

describeWithServer('moving an embedded store’s webhook subscriptions into the PostgreSQL store', () => {
  const database = target as PostgresDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'subscription-import-'));
  const file = join(dir, 'integrations.sqlite');
  const oldKey = {
    source: 'the old key file',
    secrets: SecretBox.fromKeyFile(join(dir, 'webhook-secrets.key')),
  };
  const log = new MemoryEventStore();
  const [active, revoked, ownOfPostgres] = [randomUUID(), randomUUID(), randomUUID()];
  let admin: pg.Client;
  let oldViews: unknown;
  let oldDeadLetters: unknown;

  async function record(caseId: string, type: string): Promise<void> {
    const stream = `complaint-${caseId}`;
    const revision = await log.streamRevision(stream);
    await log.append(
      stream,
      [{ eventId: randomUUID(), type, data: {}, metadata: { caseType: 'complaint', caseId } }],
      revision ?? 'no_stream',
    );
  }

  /** Positions 1–4 taken in by the old node's outbox; it stopped before taking in 5. */
  beforeAll(async () => {
    const old = new SqliteWebhookOutboxStore(file, oldKey.secrets);
    await old.subscriptions.create(
      newSubscription({ id: active, caseTypes: ['complaint'], personalData: true, secret: SECRET }),
    );
    await old.subscriptions.create(newSubscription({ id: revoked, createdBy: 'li.integration' }));
    await record('a', 'ComplaintReceived');
    await record('a', 'ComplaintVerified');
    await record('a', 'ComplaintEscalated');
    await record('b', 'ComplaintReceived');
    await new WebhookOutboxFeeder(log, old, Date.now, 4).feedOnce();
    await old.delivered({ subscriptionId: active, position: 1, streamId: 'complaint-a' });
    await old.failed(
      { subscriptionId: active, position: 2, streamId: 'complaint-a' },
      { attempts: 15, error: 'HTTP 500', nextAttemptAt: 0, deadAt: '2026-03-02T10:00:00.000Z' },
    );
    await old.subscriptions.revoke(revoked, '2026-03-02T11:00:00.000Z', 'li.integration');
    await record('b', 'ComplaintVerified');
    oldViews = await old.subscriptions.list();
    oldDeadLetters = await old.deadLetters(active, 10);
    await old.close();
    // `store import` of the same log.
    const page = (await log.readAll({ after: 0, maxCount: 100 })).events;
    await importIntoEmptyStore(
      database.url,
      (async function* (): AsyncGenerator<RecordedEvent[]> {
        yield [...page];
      })(),
    );
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await log.close();
    rmSync(dir, { recursive: true, force: true });
    await database.stop();
  });

  async function openPostgres(): Promise<PostgresWebhookOutboxStore> {
    return PostgresWebhookOutboxStore.open({ connectionString: database.url });
  }

  async function feed(storage: WebhookOutboxStore): Promise<void> {
    const store = await PostgresEventStore.open({ connectionString: database.url });
    try {
      await new WebhookOutboxFeeder(store, storage, Date.now).catchUp();
    } finally {
      await store.close();
    }
  }

  /** Subscriptions, outbox rows, kept keys, and the outbox's checkpoint. */
  async function written(): Promise<number[]> {
    const { rows } = await admin.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM webhook_subscriptions) AS subscriptions,
         (SELECT count(*) FROM webhook_outbox_deliveries) AS deliveries,
         (SELECT count(*) FROM webhook_secret_key) AS keys,
         (SELECT position FROM webhook_outbox_checkpoint) AS checkpoint`,
    );
    return Object.values(rows[0]!).map(Number);
  }

  it('given a key that did not seal the file’s secrets, when imported, then it fails naming the key and writes nothing', async () => {
    const wrong = { source: 'another key', secrets: SecretBox.fromKey(randomBytes(32)) };
    await expect(
      importSqliteSubscriptions({ connectionString: database.url, file, oldKeys: [wrong] }),
    ).rejects.toThrow(
      `No key tried (another key) opens the webhook secrets in ${file}; nothing was imported`,
    );
    expect(await written()).toEqual([0, 0, 0, 0]);
  });

  it('given an active subscription with pending and dead-lettered deliveries, a revoked one, and a subscription PostgreSQL had before, when imported, then every node lists them as they were, signs with the original secret and delivers what the old node had not', async () => {
    // Created on PostgreSQL before the import, from position 2: its outbox had taken in nothing yet.
    const before = await openPostgres();
    await before.subscriptions.create(newSubscription({ id: ownOfPostgres, startPosition: 2 }));
    await before.close();

    const report = await importSqliteSubscriptions({
      connectionString: database.url,
      file,
      oldKeys: [{ source: 'WEBHOOK_SECRET_KEY', secrets: SecretBox.fromKey(randomBytes(32)) }, oldKey],
    });

    expect(report).toEqual({
      read: 2,
      imported: 2,
      revoked: 1,
      skipped: [],
      pending: 2,
      deadLettered: 1,
      // Positions 3 and 4, which the old outbox had taken in, for the subscription PostgreSQL had.
      queued: 2,
      checkpoint: 4,
    });
    const storage = await openPostgres();
    try {
      expect((await storage.subscriptions.list()).filter(({ id }) => id !== ownOfPostgres)).toEqual(oldViews);
      expect(await storage.subscriptions.secretOf(active)).toBe(SECRET);
      expect(await storage.subscriptions.secretOf(revoked)).toBeUndefined();
      expect(await storage.deadLetters(active, 10)).toEqual(oldDeadLetters);
      // The old node delivered 1 and dead-lettered 2; 3 and 4 go now, one per case; 5 comes from the feeder.
      expect(
        (await storage.due(Date.now(), 10))
          .filter((due) => due.subscriptionId === active)
          .map((due) => due.position),
      ).toEqual([3, 4]);
      await feed(storage);
      expect(await storage.pending()).toEqual(
        new Map([
          [active, { pending: 3, firstPending: 3 }],
          [ownOfPostgres, { pending: 3, firstPending: 3 }],
        ]),
      );
      expect(await storage.checkpoint()).toBe(5);
    } finally {
      await storage.close();
    }
  });

  it('given the file imported already, when imported again, then every subscription is skipped and nothing changes', async () => {
    const rows = async () =>
      (
        await admin.query(
          'SELECT subscription_id, position, status, ready FROM webhook_outbox_deliveries ORDER BY 1, 2',
        )
      ).rows;
    const [subscriptionsBefore, rowsBefore] = [await written(), await rows()];

    const report = await importSqliteSubscriptions({
      connectionString: database.url,
      file,
      oldKeys: [oldKey],
    });

    expect(report).toMatchObject({ read: 2, imported: 0, skipped: [active, revoked].sort(), pending: 0 });
    expect(report.queued).toBe(0);
    expect(await written()).toEqual(subscriptionsBefore);
    expect(await rows()).toEqual(rowsBefore);
  });

  it('given a file whose outbox followed another log than the one in PostgreSQL, when imported, then it is refused and nothing is written', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'subscription-import-'));
    const otherFile = join(otherDir, 'integrations.sqlite');
    const otherLog = new MemoryEventStore();
    try {
      const old = new SqliteWebhookOutboxStore(otherFile, oldKey.secrets);
      await old.subscriptions.create(newSubscription({ secret: SECRET }));
      await otherLog.append(
        'complaint-x',
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
      await new WebhookOutboxFeeder(otherLog, old, Date.now).catchUp();
      await old.close();
      const before = await written();

      await expect(
        importSqliteSubscriptions({ connectionString: database.url, file: otherFile, oldKeys: [oldKey] }),
      ).rejects.toThrow(
        'The old outbox queued position 1 of complaint-x, but the PostgreSQL log has an event of complaint-a there',
      );
      expect(await written()).toEqual(before);
    } finally {
      await otherLog.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('given a PostgreSQL outbox that ran ahead of the old one (a node started before the import), when imported, then the events in between are queued for the imported subscription', async () => {
    const laterDir = mkdtempSync(join(tmpdir(), 'subscription-import-'));
    const laterFile = join(laterDir, 'integrations.sqlite');
    const later = randomUUID();
    try {
      const old = new SqliteWebhookOutboxStore(laterFile, oldKey.secrets);
      await old.subscriptions.create(newSubscription({ id: later, startPosition: 3, secret: SECRET }));
      await new WebhookOutboxFeeder(log, old, Date.now, 4).feedOnce();
      await old.close();

      const report = await importSqliteSubscriptions({
        connectionString: database.url,
        file: laterFile,
        oldKeys: [oldKey],
      });

      expect(report).toMatchObject({ imported: 1, pending: 1, queued: 1, checkpoint: 5 });
      const storage = await openPostgres();
      try {
        expect((await storage.pending()).get(later)).toEqual({ pending: 2, firstPending: 4 });
        expect(await storage.subscriptions.secretOf(later)).toBe(SECRET);
      } finally {
        await storage.close();
      }
    } finally {
      rmSync(laterDir, { recursive: true, force: true });
    }
  });
});
