import type pg from 'pg';
import { postgresPool } from '../event-store/index.js';
import { openPostgresSecretBox } from './postgres-webhook-secret-key.js';
import { PostgresWebhookSubscriptions } from './postgres-webhook-subscriptions.js';
import type {
  DeadLetter,
  DueDelivery,
  FailedAttempt,
  PendingDeliveries,
  QueuedDelivery,
  WebhookOutboxStore,
} from './webhook-outbox-store.port.js';
import type { ActiveSubscription } from './webhook-subscriptions.js';

export interface PostgresWebhookOutboxStoreOptions {
  /** The database of the PostgreSQL event store (its migration 4 creates the webhook tables). */
  readonly connectionString: string;
  /** WEBHOOK_SECRET_KEY when configured; else the key kept in the database (postgres-webhook-secret-key.ts). */
  readonly secretKey?: Buffer;
  /** Connections; default 4. */
  readonly connections?: number;
}

/**
 * Subscriptions, outbox and delivery state in the PostgreSQL database every node shares (migration 4):
 * any node manages subscriptions and reads the counters; the node holding the `webhook-outbox` duty feeds
 * and delivers. The checkpoint moves in the transaction that queues its rows, under a row lock, and only
 * from where the feeder read it: a node that lost the duty without knowing it writes nothing.
 */
export class PostgresWebhookOutboxStore implements WebhookOutboxStore {
  private constructor(
    private readonly pool: pg.Pool,
    readonly subscriptions: PostgresWebhookSubscriptions,
  ) {}

  static async open(options: PostgresWebhookOutboxStoreOptions): Promise<PostgresWebhookOutboxStore> {
    const pool = postgresPool({
      connectionString: options.connectionString,
      max: options.connections ?? 4,
      name: 'engine webhooks',
    });
    try {
      const secrets = await openPostgresSecretBox(pool, options.secretKey);
      return new PostgresWebhookOutboxStore(pool, new PostgresWebhookSubscriptions(pool, secrets));
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async checkpoint(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT position FROM webhook_outbox_checkpoint',
    );
    return Number(rows[0]!.position);
  }

  async enqueue(
    from: number,
    to: number,
    deliveriesFor: (subscriptions: readonly ActiveSubscription[]) => readonly QueuedDelivery[],
    now: number,
  ): Promise<boolean> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ position: string }>(
        'SELECT position FROM webhook_outbox_checkpoint FOR UPDATE',
      );
      if (Number(rows[0]!.position) !== from) return false;
      // Read after the lock: a subscription committed before it is here; one created while it is held
      // waits for it and then starts at `to` or later (PostgresWebhookSubscriptions.create).
      const deliveries = deliveriesFor(await this.subscriptions.active(client));
      if (deliveries.length > 0) {
        // Rows come in log order, so a new row may go now only when it is its case's first in this batch
        // and the case has no pending row already. Rows for a subscription revoked since are not written.
        await client.query(
          `INSERT INTO webhook_outbox_deliveries
             (subscription_id, position, stream_id, status, attempts, next_attempt_at, ready)
           SELECT q.subscription_id, q.position, q.stream_id, 'pending', 0, $4,
             row_number() OVER (PARTITION BY q.subscription_id, q.stream_id ORDER BY q.position) = 1
               AND NOT EXISTS (SELECT 1 FROM webhook_outbox_deliveries e
                 WHERE e.subscription_id = q.subscription_id AND e.stream_id = q.stream_id AND e.status = 'pending')
           FROM unnest($1::text[], $2::bigint[], $3::text[]) AS q (subscription_id, position, stream_id)
           JOIN webhook_subscriptions s ON s.id = q.subscription_id AND s.revoked_at IS NULL
           ON CONFLICT DO NOTHING`,
          [...columnsOf(deliveries), now],
        );
      }
      await client.query('UPDATE webhook_outbox_checkpoint SET position = $1', [to]);
      return true;
    });
  }

  async requeue(deliveries: readonly QueuedDelivery[], now: number): Promise<void> {
    if (deliveries.length === 0) return;
    await this.transaction(async (client) => {
      await besideTheFeeder(client);
      await client.query(
        `INSERT INTO webhook_outbox_deliveries
           (subscription_id, position, stream_id, status, attempts, next_attempt_at, ready)
         SELECT q.subscription_id, q.position, q.stream_id, 'pending', 0, $4, false
         FROM unnest($1::text[], $2::bigint[], $3::text[]) AS q (subscription_id, position, stream_id)
         ON CONFLICT (subscription_id, position) DO UPDATE SET status = 'pending', attempts = 0,
           next_attempt_at = excluded.next_attempt_at, last_error = NULL, dead_at = NULL`,
        [...columnsOf(deliveries), now],
      );
      const cases = new Map(
        deliveries.map((delivery) => [`${delivery.subscriptionId}\u0000${delivery.streamId}`, delivery]),
      );
      for (const delivery of cases.values()) await promoteNextOfCase(client, delivery);
    });
  }

  async due(now: number, limit: number): Promise<DueDelivery[]> {
    const { rows } = await this.pool.query<{
      subscription_id: string;
      position: string;
      stream_id: string;
      attempts: number;
      url: string;
      personal_data: boolean;
    }>(
      `SELECT d.subscription_id, d.position, d.stream_id, d.attempts, s.url, s.personal_data
       FROM webhook_outbox_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE d.status = 'pending' AND d.ready AND d.next_attempt_at <= $1 AND s.revoked_at IS NULL
       ORDER BY d.next_attempt_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => ({
      subscriptionId: row.subscription_id,
      position: Number(row.position),
      streamId: row.stream_id,
      attempts: row.attempts,
      url: row.url,
      personalData: row.personal_data,
    }));
  }

  async delivered(delivery: QueuedDelivery): Promise<void> {
    await this.transaction(async (client) => {
      await besideTheFeeder(client);
      const removed = await client.query(
        'DELETE FROM webhook_outbox_deliveries WHERE subscription_id = $1 AND position = $2',
        [delivery.subscriptionId, delivery.position],
      );
      if (removed.rowCount === 0) return;
      await client.query('UPDATE webhook_subscriptions SET delivered = delivered + 1 WHERE id = $1', [
        delivery.subscriptionId,
      ]);
      await promoteNextOfCase(client, delivery);
    });
  }

  async failed(delivery: QueuedDelivery, attempt: FailedAttempt): Promise<void> {
    const dead = attempt.deadAt !== undefined;
    await this.transaction(async (client) => {
      await besideTheFeeder(client);
      const changed = await client.query(
        `UPDATE webhook_outbox_deliveries SET attempts = $1, last_error = $2, next_attempt_at = $3,
           status = $4, dead_at = $5, ready = $6
         WHERE subscription_id = $7 AND position = $8 AND status = 'pending'`,
        [
          attempt.attempts,
          attempt.error,
          attempt.nextAttemptAt,
          dead ? 'dead' : 'pending',
          attempt.deadAt ?? null,
          !dead,
          delivery.subscriptionId,
          delivery.position,
        ],
      );
      if (changed.rowCount === 0) return;
      await client.query(
        `UPDATE webhook_subscriptions SET failed_attempts = failed_attempts + 1,
           dead_lettered = dead_lettered + $1 WHERE id = $2`,
        [dead ? 1 : 0, delivery.subscriptionId],
      );
      if (dead) await promoteNextOfCase(client, delivery);
    });
  }

  async deadLetters(subscriptionId: string, limit: number): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<{
      position: string;
      stream_id: string;
      attempts: number;
      last_error: string | null;
      dead_at: Date | null;
    }>(
      `SELECT position, stream_id, attempts, last_error, dead_at FROM webhook_outbox_deliveries
       WHERE subscription_id = $1 AND status = 'dead' ORDER BY position LIMIT $2`,
      [subscriptionId, limit],
    );
    return rows.map((row) => ({
      position: Number(row.position),
      streamId: row.stream_id,
      attempts: row.attempts,
      lastError: row.last_error,
      deadAt: row.dead_at?.toISOString() ?? null,
    }));
  }

  async pending(): Promise<Map<string, PendingDeliveries>> {
    const { rows } = await this.pool.query<{
      subscription_id: string;
      pending: string;
      first_pending: string | null;
    }>(
      `SELECT subscription_id, count(*) FILTER (WHERE status = 'pending') AS pending,
         min(position) FILTER (WHERE status = 'pending') AS first_pending
       FROM webhook_outbox_deliveries GROUP BY subscription_id`,
    );
    return new Map(
      rows.map((row) => [
        row.subscription_id,
        {
          pending: Number(row.pending),
          firstPending: row.first_pending === null ? null : Number(row.first_pending),
        },
      ]),
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dropped from the pool, not lent again.
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** The deliveries as the three arrays the statements unnest: subscription ids, positions, stream ids. */
function columnsOf(deliveries: readonly QueuedDelivery[]): [string[], number[], string[]] {
  return [
    deliveries.map((delivery) => delivery.subscriptionId),
    deliveries.map((delivery) => delivery.position),
    deliveries.map((delivery) => delivery.streamId),
  ];
}

/**
 * Takes the checkpoint's row lock in share mode, so a transaction that changes which row of a case is
 * `ready` never runs beside the feeder's (which holds it for update). Otherwise, under READ COMMITTED, the
 * feeder could queue a case's next row as not ready while the row before it is being delivered, each
 * transaction blind to the other's uncommitted change, and that next row would never go. Transactions of
 * the dispatcher do not wait for one another.
 */
async function besideTheFeeder(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT 1 FROM webhook_outbox_checkpoint FOR SHARE');
}

/**
 * Marks the oldest pending delivery of a (subscription, case) as the one that may go now, after the one
 * before it left (delivered, dead-lettered) or a replay queued earlier ones; writes only rows that change.
 */
async function promoteNextOfCase(client: pg.PoolClient, delivery: QueuedDelivery): Promise<void> {
  await client.query(
    `UPDATE webhook_outbox_deliveries SET ready = (position = first.first_position)
     FROM (SELECT min(position) AS first_position FROM webhook_outbox_deliveries
           WHERE subscription_id = $1 AND stream_id = $2 AND status = 'pending') AS first
     WHERE subscription_id = $1 AND stream_id = $2 AND status = 'pending'
       AND ready IS DISTINCT FROM (position = first.first_position)`,
    [delivery.subscriptionId, delivery.streamId],
  );
}
