import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../kernel/index.js';
import { prepared, type Projection } from '../projections/index.js';
import { wants, type WebhookSubscriptions } from './webhook-subscriptions.js';

export const OUTBOX_PROJECTION = 'webhook_outbox';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_outbox_deliveries (
  subscription_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  stream_id TEXT NOT NULL,
  status TEXT NOT NULL,            -- pending | dead
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL, -- ms since the epoch
  ready INTEGER NOT NULL,           -- 1: the case's oldest pending delivery (the only one that may go now)
  last_error TEXT,
  dead_at TEXT,
  PRIMARY KEY (subscription_id, position)
);
CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox_deliveries (status, ready, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_outbox_case_order
  ON webhook_outbox_deliveries (subscription_id, stream_id, status, position);
`;

/**
 * Marks the oldest pending delivery of a (subscription, case) as the one that may go now, after the one
 * before it left (delivered, dead-lettered) or a replay queued earlier ones.
 */
export function promoteNextOfCase(db: Database.Database, subscriptionId: string, streamId: string): void {
  prepared(
    db,
    `UPDATE webhook_outbox_deliveries SET ready = (position = (SELECT MIN(position) FROM webhook_outbox_deliveries
       WHERE subscription_id = @subscription AND stream_id = @stream AND status = 'pending'))
     WHERE subscription_id = @subscription AND stream_id = @stream AND status = 'pending'`,
  ).run({ subscription: subscriptionId, stream: streamId });
}

/** The case an event belongs to, or undefined for an event outside every case. */
export function caseOf(event: RecordedEvent): { caseType: string; caseId: string } | undefined {
  const metadata = event.metadata as { caseType?: unknown; caseId?: unknown };
  return typeof metadata.caseType === 'string' && typeof metadata.caseId === 'string'
    ? { caseType: metadata.caseType, caseId: metadata.caseId }
    : undefined;
}

/**
 * The outbox: one row per (subscription, event) still to deliver, written from the log with the
 * projection's checkpoint in the same transaction, so a crash neither loses a delivery nor queues one
 * twice. A row leaves when its receiver answered 2xx; after the last retry it stays as a dead letter.
 * Only the rows are derived state: each body is built from the log when it is sent, so personal data is
 * never copied here and an erasure also reaches deliveries not yet made.
 */
export class WebhookOutboxProjection implements Projection {
  readonly name = OUTBOX_PROJECTION;
  readonly version = 1;

  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly now: () => number = Date.now,
  ) {}

  setup(db: Database.Database): void {
    db.exec(SCHEMA);
  }

  teardown(db: Database.Database): void {
    db.exec('DROP TABLE IF EXISTS webhook_outbox_deliveries');
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    this.applyBatch(db, [event]);
  }

  applyBatch(db: Database.Database, events: readonly RecordedEvent[]): void {
    const subscriptions = this.subscriptions.active();
    if (subscriptions.length === 0) return;
    // Events arrive in log order, so a pending delivery of the same case is always an earlier one.
    const insert = prepared(
      db,
      `INSERT INTO webhook_outbox_deliveries
         (subscription_id, position, stream_id, status, attempts, next_attempt_at, ready)
       SELECT @subscription, @position, @stream, 'pending', 0, @now, NOT EXISTS (SELECT 1
         FROM webhook_outbox_deliveries
         WHERE subscription_id = @subscription AND stream_id = @stream AND status = 'pending')
       WHERE true ON CONFLICT DO NOTHING`,
    );
    const now = this.now();
    for (const event of events) {
      const owner = caseOf(event);
      if (owner === undefined) continue;
      for (const subscription of subscriptions) {
        if (event.position <= subscription.startPosition) continue;
        if (!wants(subscription, owner.caseType, event.type)) continue;
        insert.run({ subscription: subscription.id, position: event.position, stream: event.streamId, now });
      }
    }
  }
}
