import Database from 'better-sqlite3';
import { preparePrivateFile } from '../event-store/index.js';
import { prepared } from '../projections/index.js';
import { migrateSqliteFile } from '../sqlite-migrations/index.js';
import { INTEGRATIONS_FILE, OUTBOX_CHECKPOINT } from './integrations-file.js';
import type { SecretBox } from './secret-box.js';
import { SqliteWebhookSubscriptions } from './sqlite-webhook-subscriptions.js';
import type { ActiveSubscription } from './webhook-subscriptions.js';
import type {
  DeadLetter,
  DueDelivery,
  FailedAttempt,
  PendingDeliveries,
  QueuedDelivery,
  WebhookOutboxStore,
} from './webhook-outbox-store.port.js';

interface DueRow {
  subscription_id: string;
  position: number;
  stream_id: string;
  attempts: number;
  url: string;
  personal_data: number;
}

/**
 * Subscriptions, outbox and delivery state in `DATA_DIR/integrations.sqlite`, beside the embedded store:
 * every process on the DATA_DIR reads the same file; the one holding the projector lock feeds and
 * delivers. Synchronous underneath (better-sqlite3), async at the port.
 */
export class SqliteWebhookOutboxStore implements WebhookOutboxStore {
  readonly db: Database.Database;
  readonly subscriptions: SqliteWebhookSubscriptions;

  /** `path`: the integrations file; ':memory:' for tests. */
  constructor(path: string, secrets: SecretBox) {
    preparePrivateFile(path);
    this.db = new Database(path);
    if (!this.db.memory) {
      this.db.pragma('journal_mode = WAL');
      // The outbox decides what is sent: a lost commit after power loss would forget a delivery.
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
    }
    migrateSqliteFile(this.db, INTEGRATIONS_FILE);
    this.subscriptions = new SqliteWebhookSubscriptions(this.db, secrets);
  }

  async checkpoint(): Promise<number> {
    return this.readCheckpoint();
  }

  async enqueue(
    from: number,
    to: number,
    deliveriesFor: (subscriptions: readonly ActiveSubscription[]) => readonly QueuedDelivery[],
    now: number,
  ): Promise<boolean> {
    // Deliveries come in log order, so a pending delivery of the same case is always an earlier one.
    const insert = prepared(
      this.db,
      `INSERT INTO webhook_outbox_deliveries
         (subscription_id, position, stream_id, status, attempts, next_attempt_at, ready)
       SELECT @subscription, @position, @stream, 'pending', 0, @now, NOT EXISTS (SELECT 1
         FROM webhook_outbox_deliveries
         WHERE subscription_id = @subscription AND stream_id = @stream AND status = 'pending')
       WHERE true ON CONFLICT DO NOTHING`,
    );
    // Immediate: the write lock is taken first, so another process's subscription lands before or after.
    return this.db
      .transaction(() => {
        if (this.readCheckpoint() !== from) return false;
        for (const delivery of deliveriesFor(this.subscriptions.activeNow()))
          insert.run({
            subscription: delivery.subscriptionId,
            position: delivery.position,
            stream: delivery.streamId,
            now,
          });
        prepared(this.db, 'UPDATE projection_checkpoints SET position = ? WHERE name = ?').run(
          to,
          OUTBOX_CHECKPOINT,
        );
        return true;
      })
      .immediate();
  }

  async requeue(deliveries: readonly QueuedDelivery[], now: number): Promise<void> {
    const queue = prepared(
      this.db,
      `INSERT INTO webhook_outbox_deliveries
         (subscription_id, position, stream_id, status, attempts, next_attempt_at, ready)
       VALUES (?, ?, ?, 'pending', 0, ?, 0)
       ON CONFLICT (subscription_id, position) DO UPDATE SET status = 'pending', attempts = 0,
         next_attempt_at = excluded.next_attempt_at, last_error = NULL, dead_at = NULL`,
    );
    this.db.transaction(() => {
      const cases = new Map<string, QueuedDelivery>();
      for (const delivery of deliveries) {
        queue.run(delivery.subscriptionId, delivery.position, delivery.streamId, now);
        cases.set(`${delivery.subscriptionId}\u0000${delivery.streamId}`, delivery);
      }
      for (const delivery of cases.values()) this.promoteNextOfCase(delivery);
    })();
  }

  async due(now: number, limit: number): Promise<DueDelivery[]> {
    // The index on (status, ready, next_attempt_at) keeps this cheap with a long backlog.
    return prepared<[number, number], DueRow>(
      this.db,
      `SELECT d.subscription_id, d.position, d.stream_id, d.attempts, s.url, s.personal_data
       FROM webhook_outbox_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE d.status = 'pending' AND d.ready = 1 AND d.next_attempt_at <= ? AND s.revoked_at IS NULL
       ORDER BY d.next_attempt_at LIMIT ?`,
    )
      .all(now, limit)
      .map((row) => ({
        subscriptionId: row.subscription_id,
        position: row.position,
        streamId: row.stream_id,
        attempts: row.attempts,
        url: row.url,
        personalData: row.personal_data === 1,
      }));
  }

  async delivered(delivery: QueuedDelivery): Promise<void> {
    this.db.transaction(() => {
      const removed = prepared(
        this.db,
        'DELETE FROM webhook_outbox_deliveries WHERE subscription_id = ? AND position = ?',
      ).run(delivery.subscriptionId, delivery.position).changes;
      if (removed === 0) return;
      prepared(this.db, 'UPDATE webhook_subscriptions SET delivered = delivered + 1 WHERE id = ?').run(
        delivery.subscriptionId,
      );
      this.promoteNextOfCase(delivery);
    })();
  }

  async failed(delivery: QueuedDelivery, attempt: FailedAttempt): Promise<void> {
    const dead = attempt.deadAt !== undefined;
    this.db.transaction(() => {
      const changed = prepared(
        this.db,
        `UPDATE webhook_outbox_deliveries SET attempts = ?, last_error = ?, next_attempt_at = ?,
           status = ?, dead_at = ?, ready = ? WHERE subscription_id = ? AND position = ? AND status = 'pending'`,
      ).run(
        attempt.attempts,
        attempt.error,
        attempt.nextAttemptAt,
        dead ? 'dead' : 'pending',
        attempt.deadAt ?? null,
        dead ? 0 : 1,
        delivery.subscriptionId,
        delivery.position,
      ).changes;
      if (changed === 0) return;
      prepared(
        this.db,
        `UPDATE webhook_subscriptions SET failed_attempts = failed_attempts + 1,
           dead_lettered = dead_lettered + ? WHERE id = ?`,
      ).run(dead ? 1 : 0, delivery.subscriptionId);
      if (dead) this.promoteNextOfCase(delivery);
    })();
  }

  async deadLetters(subscriptionId: string, limit: number): Promise<DeadLetter[]> {
    return this.db
      .prepare<
        [string, number],
        {
          position: number;
          stream_id: string;
          attempts: number;
          last_error: string | null;
          dead_at: string | null;
        }
      >(
        `SELECT position, stream_id, attempts, last_error, dead_at FROM webhook_outbox_deliveries
         WHERE subscription_id = ? AND status = 'dead' ORDER BY position LIMIT ?`,
      )
      .all(subscriptionId, limit)
      .map((row) => ({
        position: row.position,
        streamId: row.stream_id,
        attempts: row.attempts,
        lastError: row.last_error,
        deadAt: row.dead_at,
      }));
  }

  async pending(): Promise<Map<string, PendingDeliveries>> {
    const rows = this.db
      .prepare<[], { subscription_id: string; pending: number; first_pending: number | null }>(
        `SELECT subscription_id, SUM(status = 'pending') AS pending,
           MIN(CASE WHEN status = 'pending' THEN position END) AS first_pending
         FROM webhook_outbox_deliveries GROUP BY subscription_id`,
      )
      .all();
    return new Map(
      rows.map((row) => [row.subscription_id, { pending: row.pending, firstPending: row.first_pending }]),
    );
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private readCheckpoint(): number {
    return prepared<[string], { position: number }>(
      this.db,
      'SELECT position FROM projection_checkpoints WHERE name = ?',
    ).get(OUTBOX_CHECKPOINT)!.position;
  }

  /**
   * Marks the oldest pending delivery of a (subscription, case) as the one that may go now, after the one
   * before it left (delivered, dead-lettered) or a replay queued earlier ones.
   */
  private promoteNextOfCase(delivery: QueuedDelivery): void {
    prepared(
      this.db,
      `UPDATE webhook_outbox_deliveries SET ready = (position = (SELECT MIN(position) FROM webhook_outbox_deliveries
         WHERE subscription_id = @subscription AND stream_id = @stream AND status = 'pending'))
       WHERE subscription_id = @subscription AND stream_id = @stream AND status = 'pending'`,
    ).run({ subscription: delivery.subscriptionId, stream: delivery.streamId });
  }
}
