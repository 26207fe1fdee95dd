import pg from 'pg';
import { migrateEventStore } from '../event-store/index.js';
import {
  readIntegrationsFile,
  type CandidateKey,
  type IntegrationsFileContents,
  type OutboxRowToMove,
  type SubscriptionToMove,
} from './integrations-file-contents.js';
import { openPostgresSecretBox } from './postgres-webhook-secret-key.js';
import { activeSubscriptions } from './postgres-webhook-subscriptions.js';
import type { SecretBox } from './secret-box.js';
import { deliveriesOf, type RoutedEvent } from './webhook-outbox-feeder.js';
import type { QueuedDelivery } from './webhook-outbox-store.port.js';
import type { ActiveSubscription } from './webhook-subscriptions.js';

/** What an import of an integrations file did. */
export interface SubscriptionImportReport {
  /** Subscriptions in the file. */
  readonly read: number;
  /** Written into PostgreSQL, revoked ones included. */
  readonly imported: number;
  /** Of those, revoked (they keep no secret). */
  readonly revoked: number;
  /** Ids PostgreSQL already held: left as they were, with their outbox rows. */
  readonly skipped: readonly string[];
  /** Outbox rows moved: still to deliver, and dead letters. */
  readonly pending: number;
  readonly deadLettered: number;
  /** Deliveries queued here of events between the two outboxes' checkpoints (see `settleCheckpoint`). */
  readonly queued: number;
  /** The PostgreSQL outbox's checkpoint afterwards. */
  readonly checkpoint: number;
}

export interface SubscriptionImportOptions {
  /** The PostgreSQL store, already holding the log the file's outbox followed (`store import`). */
  readonly connectionString: string;
  /** The embedded store's `integrations.sqlite`; only read. */
  readonly file: string;
  /** Keys that may have sealed the file's secrets, tried in order. */
  readonly oldKeys: readonly CandidateKey[];
  /** WEBHOOK_SECRET_KEY of the PostgreSQL nodes when set; else the key kept in the database. */
  readonly secretKey?: Buffer;
  readonly now?: () => number;
}

/**
 * Moves the webhook subscriptions of an embedded store's integrations file into the PostgreSQL store, when a
 * deployment moves to it: ids, URLs, filters, creators, start positions, counters and revocations as they
 * were, each secret opened with the old key and sealed again under the nodes' key (bound to its id), and the
 * old outbox's rows still to deliver and dead-lettered. The file's secrets are opened before PostgreSQL is
 * touched, so a wrong key writes nothing; everything else is one transaction. A subscription id PostgreSQL
 * already holds is skipped, so running it again imports nothing twice.
 */
export async function importSqliteSubscriptions(
  options: SubscriptionImportOptions,
): Promise<SubscriptionImportReport> {
  const file = readIntegrationsFile(options.file, options.oldKeys);
  try {
    const client = new pg.Client({ connectionString: options.connectionString });
    await client.connect();
    try {
      await migrateEventStore(client);
      await client.query('BEGIN');
      try {
        const report = await importInto(client, file, options.secretKey, options.now ?? Date.now);
        await client.query('COMMIT');
        return report;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    } finally {
      await client.end();
    }
  } finally {
    file.close();
  }
}

async function importInto(
  client: pg.ClientBase,
  file: IntegrationsFileContents,
  secretKey: Buffer | undefined,
  now: () => number,
): Promise<SubscriptionImportReport> {
  // The nodes' key rule: a node started later with another key refuses to start, as it would otherwise.
  const secrets = await openPostgresSecretBox(client, secretKey);
  // As the feeder does: nodes running meanwhile neither feed, deliver nor create a subscription beside this.
  const { rows } = await client.query<{ position: string }>(
    'SELECT position FROM webhook_outbox_checkpoint FOR UPDATE',
  );
  const checkpoint = Number(rows[0]!.position);
  const held = await heldIds(
    client,
    file.subscriptions.map((subscription) => subscription.id),
  );
  const fresh = file.subscriptions.filter((subscription) => !held.has(subscription.id));
  const freshActive = fresh.filter((subscription) => subscription.revokedAt === null);
  const own = await activeSubscriptions(client);
  if (freshActive.length > 0) await checkLogReaches(client, file.checkpoint);
  for (const subscription of fresh) await insertSubscription(client, secrets, subscription);
  const moved = await moveOutboxRows(client, file, new Set(freshActive.map(({ id }) => id)));
  const settled =
    freshActive.length === 0
      ? { checkpoint, queued: 0 }
      : await settleCheckpoint(client, checkpoint, file.checkpoint, own, freshActive.map(active), now());
  if (freshActive.length > 0)
    await markReady(client, [...freshActive.map(({ id }) => id), ...own.map(({ id }) => id)]);
  return {
    read: file.subscriptions.length,
    imported: fresh.length,
    revoked: fresh.length - freshActive.length,
    skipped: file.subscriptions.filter(({ id }) => held.has(id)).map(({ id }) => id),
    pending: moved.pending,
    deadLettered: moved.dead,
    queued: settled.queued,
    checkpoint: settled.checkpoint,
  };
}

async function heldIds(client: pg.ClientBase, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await client.query<{ id: string }>(
    'SELECT id FROM webhook_subscriptions WHERE id = ANY($1::text[])',
    [ids],
  );
  return new Set(rows.map((row) => row.id));
}

/** The moved outbox and checkpoint name log positions: the log they name must be here (store import). */
async function checkLogReaches(client: pg.ClientBase, position: number): Promise<void> {
  const { rows } = await client.query<{ head: string }>(
    'SELECT coalesce(max(position), 0) AS head FROM events',
  );
  const head = Number(rows[0]!.head);
  if (head < position)
    throw new Error(
      `The PostgreSQL log ends at position ${head}, before position ${position} the old outbox had taken in: import the old store first (store import); nothing was imported`,
    );
}

async function insertSubscription(
  client: pg.ClientBase,
  secrets: SecretBox,
  subscription: SubscriptionToMove,
): Promise<void> {
  await client.query(
    `INSERT INTO webhook_subscriptions (id, url, case_types, event_types, personal_data, secret_sealed,
       created_at, created_by, start_position, revoked_at, revoked_by, delivered, failed_attempts, dead_lettered)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      subscription.id,
      subscription.url,
      subscription.caseTypes,
      subscription.eventTypes,
      subscription.personalData,
      // A revoked subscription's secret was destroyed with its revocation, as PostgreSQL keeps them.
      subscription.secret === undefined
        ? Buffer.alloc(0)
        : secrets.seal(subscription.secret, subscription.id),
      subscription.createdAt,
      subscription.createdBy,
      subscription.startPosition,
      subscription.revokedAt,
      subscription.revokedBy,
      subscription.delivered,
      subscription.failedAttempts,
      subscription.deadLettered,
    ],
  );
}

/**
 * Copies the file's outbox rows of the subscriptions just imported, after checking that each names an event
 * of the same stream at the same position here: `store import` numbers the events 1, 2, 3, … in log order,
 * as the embedded store does, so an old row points at its event unless this is not the log the file followed.
 */
async function moveOutboxRows(
  client: pg.ClientBase,
  file: IntegrationsFileContents,
  subscriptions: ReadonlySet<string>,
): Promise<{ pending: number; dead: number }> {
  let pending = 0;
  let dead = 0;
  for (const page of file.outboxPages()) {
    const rows = page.filter((row) => subscriptions.has(row.subscriptionId));
    if (rows.length === 0) continue;
    await checkSameEvents(client, rows);
    await client.query(
      `INSERT INTO webhook_outbox_deliveries (subscription_id, position, stream_id, status, attempts,
         next_attempt_at, ready, last_error, dead_at)
       SELECT q.subscription_id, q.position, q.stream_id, q.status, q.attempts, q.next_attempt_at, false,
         q.last_error, q.dead_at
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::text[],
         $8::timestamptz[]) AS q (subscription_id, position, stream_id, status, attempts, next_attempt_at,
         last_error, dead_at)`,
      [
        rows.map((row) => row.subscriptionId),
        rows.map((row) => row.position),
        rows.map((row) => row.streamId),
        rows.map((row) => row.status),
        rows.map((row) => row.attempts),
        rows.map((row) => row.nextAttemptAt),
        rows.map((row) => row.lastError),
        rows.map((row) => row.deadAt),
      ],
    );
    for (const row of rows) {
      if (row.status === 'dead') dead += 1;
      else pending += 1;
    }
  }
  return { pending, dead };
}

async function checkSameEvents(client: pg.ClientBase, rows: readonly OutboxRowToMove[]): Promise<void> {
  const { rows: differing } = await client.query<{
    position: string;
    expected: string;
    found: string | null;
  }>(
    `SELECT q.position, q.stream_id AS expected, e.stream_id AS found
     FROM unnest($1::bigint[], $2::text[]) AS q (position, stream_id)
     LEFT JOIN events e ON e.position = q.position
     WHERE e.stream_id IS DISTINCT FROM q.stream_id LIMIT 1`,
    [rows.map((row) => row.position), rows.map((row) => row.streamId)],
  );
  const first = differing[0];
  if (first !== undefined)
    throw new Error(
      `The old outbox queued position ${first.position} of ${first.expected}, but the PostgreSQL log has ${first.found === null ? 'no event' : `an event of ${first.found}`} there: it is not the log of the store the file belongs to (store import it first); nothing was imported`,
    );
}

/**
 * Joins the two outboxes' progress into the PostgreSQL checkpoint. The invariant the feeder keeps, and this
 * keeps across the move: every event an active subscription wants after its start position was delivered,
 * has an outbox row, or lies after the checkpoint. The old node answers for the subscriptions imported up to
 * its checkpoint (each event delivered, or among the rows moved), PostgreSQL for its own up to its checkpoint.
 * Start positions stay as they were (they say when a subscription was created). The checkpoint becomes the
 * later of the two, and the events between them are queued here for the side that had not taken them in:
 * for the imported subscriptions when the PostgreSQL feeder ran ahead (a node started before the import),
 * for PostgreSQL's own otherwise. Nothing the old node delivered is queued again, nothing it had not is lost.
 */
async function settleCheckpoint(
  client: pg.ClientBase,
  current: number,
  old: number,
  own: readonly ActiveSubscription[],
  imported: readonly ActiveSubscription[],
  now: number,
): Promise<{ checkpoint: number; queued: number }> {
  const behind = current > old ? imported : own;
  const queued = await queueBetween(client, Math.min(current, old), Math.max(current, old), behind, now);
  if (old > current) await client.query('UPDATE webhook_outbox_checkpoint SET position = $1', [old]);
  return { checkpoint: Math.max(current, old), queued };
}

/** Queues, as the feeder would have, the events after `from` up to `to` for `subscriptions`. */
async function queueBetween(
  client: pg.ClientBase,
  from: number,
  to: number,
  subscriptions: readonly ActiveSubscription[],
  now: number,
): Promise<number> {
  if (subscriptions.length === 0) return 0;
  let queued = 0;
  for (let after = from; after < to;) {
    const { rows } = await client.query<{
      position: string;
      stream_id: string;
      type: string;
      metadata: Record<string, unknown>;
    }>(
      `SELECT position, stream_id, type, metadata FROM events WHERE position > $1 AND position <= $2
       ORDER BY position LIMIT 1000`,
      [after, to],
    );
    if (rows.length === 0) break;
    const events: RoutedEvent[] = rows.map((row) => ({
      position: Number(row.position),
      streamId: row.stream_id,
      type: row.type,
      metadata: row.metadata,
    }));
    queued += await insertPending(client, deliveriesOf(events, subscriptions), now);
    after = events[events.length - 1]!.position;
  }
  return queued;
}

async function insertPending(
  client: pg.ClientBase,
  deliveries: readonly QueuedDelivery[],
  now: number,
): Promise<number> {
  if (deliveries.length === 0) return 0;
  // A row a replay has already queued stays as it is.
  const result = await client.query(
    `INSERT INTO webhook_outbox_deliveries
       (subscription_id, position, stream_id, status, attempts, next_attempt_at, ready)
     SELECT q.subscription_id, q.position, q.stream_id, 'pending', 0, $4, false
     FROM unnest($1::text[], $2::bigint[], $3::text[]) AS q (subscription_id, position, stream_id)
     ON CONFLICT DO NOTHING`,
    [
      deliveries.map((delivery) => delivery.subscriptionId),
      deliveries.map((delivery) => delivery.position),
      deliveries.map((delivery) => delivery.streamId),
      now,
    ],
  );
  return result.rowCount ?? 0;
}

/** Only each (subscription, case)'s oldest pending row may go now, as every outbox method keeps it. */
async function markReady(client: pg.ClientBase, subscriptions: readonly string[]): Promise<void> {
  await client.query(
    `UPDATE webhook_outbox_deliveries d SET ready = (d.position = first.position)
     FROM (SELECT subscription_id, stream_id, min(position) AS position FROM webhook_outbox_deliveries
           WHERE status = 'pending' AND subscription_id = ANY($1::text[]) GROUP BY subscription_id, stream_id) AS first
     WHERE d.subscription_id = first.subscription_id AND d.stream_id = first.stream_id AND d.status = 'pending'
       AND d.ready IS DISTINCT FROM (d.position = first.position)`,
    [subscriptions],
  );
}

function active(subscription: SubscriptionToMove): ActiveSubscription {
  return {
    id: subscription.id,
    url: subscription.url,
    caseTypes: new Set(subscription.caseTypes),
    eventTypes: new Set(subscription.eventTypes),
    personalData: subscription.personalData,
    startPosition: subscription.startPosition,
  };
}
