import Database from 'better-sqlite3';
import { preparePrivateFile, type EventStore } from '../event-store/index.js';
import { ProjectionRunner } from '../projections/index.js';
import { migrateSqliteFile } from '../sqlite-migrations/index.js';
import { INTEGRATIONS_FILE } from './integrations-file.js';
import type { SecretBox } from './secret-box.js';
import {
  WebhookDispatcher,
  type DispatcherLogger,
  type PresentEventData,
  type WebhookDeliveryOptions,
} from './webhook-dispatcher.js';
import {
  OUTBOX_PROJECTION,
  WebhookOutboxProjection,
  caseOf,
  promoteNextOfCase,
} from './webhook-outbox.projection.js';
import { WebhookSubscriptions, wants } from './webhook-subscriptions.js';

export interface WebhookOutboxOptions {
  /** The integrations database (subscriptions, outbox, its checkpoint); ':memory:' for tests. */
  readonly path: string;
  readonly secrets: SecretBox;
  readonly store: EventStore;
  readonly present: PresentEventData;
  readonly delivery: WebhookDeliveryOptions;
  readonly logger: DispatcherLogger;
  readonly now?: () => number;
}

export interface DeadLetter {
  readonly position: number;
  readonly streamId: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly deadAt: string | null;
}

export interface SubscriptionDeliveryStats {
  readonly subscriptionId: string;
  /** Events in the log after the last one this subscription has had delivered (or dead-lettered) in order. */
  readonly lagEvents: number;
  readonly pending: number;
  readonly deadLettered: number;
  readonly failedAttempts: number;
  readonly delivered: number;
}

/**
 * Webhooks to other systems, wired together: the subscriptions, the outbox projection (its own
 * ProjectionRunner over the integrations database, so its checkpoint commits with its rows and a rebuild
 * of the read models never re-sends anything) and the dispatcher. Every process opens it to manage
 * subscriptions; only the one holding the projector lock `start`s it.
 */
export class WebhookOutbox {
  readonly db: Database.Database;
  readonly subscriptions: WebhookSubscriptions;
  private readonly projection: WebhookOutboxProjection;
  private runner: ProjectionRunner | undefined;
  private dispatcher: WebhookDispatcher | undefined;
  private readonly now: () => number;

  constructor(private readonly options: WebhookOutboxOptions) {
    this.now = options.now ?? Date.now;
    preparePrivateFile(options.path);
    this.db = new Database(options.path);
    if (!this.db.memory) {
      this.db.pragma('journal_mode = WAL');
      // The outbox decides what is sent: a lost commit after power loss would forget a delivery.
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
    }
    migrateSqliteFile(this.db, INTEGRATIONS_FILE);
    this.subscriptions = new WebhookSubscriptions(this.db, options.secrets);
    this.projection = new WebhookOutboxProjection(this.subscriptions, this.now);
    this.projection.setup(this.db);
  }

  /** Follows the log into the outbox and sends what is due (the projector's process only). */
  start(): void {
    if (this.runner !== undefined) return;
    this.runner = new ProjectionRunner(this.options.store, this.db, [this.projection], {
      pollIntervalMs: Math.min(250, this.options.delivery.pollIntervalMs),
      onError: (error) => this.options.logger.error({ err: error }, 'webhook outbox failed; retrying'),
    });
    this.dispatcher = new WebhookDispatcher(
      this.db,
      this.subscriptions,
      this.options.store,
      this.options.present,
      this.options.delivery,
      this.options.logger,
      this.now,
    );
    this.runner.start();
    this.dispatcher.start();
  }

  async stop(): Promise<void> {
    await this.dispatcher?.stop();
    await this.runner?.stop();
  }

  close(): void {
    this.db.close();
  }

  /** The last log position the outbox has taken in (0 before it first ran). */
  checkpoint(): number {
    const hasCheckpoints =
      this.db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projection_checkpoints'")
        .get() !== undefined;
    if (!hasCheckpoints) return 0;
    const row = this.db
      .prepare<[string], { position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?')
      .get(OUTBOX_PROJECTION);
    return row?.position ?? 0;
  }

  /**
   * Queues again every event from `fromPosition` on that the subscription's filters want, dead letters
   * included, in log order; the receiver sees them again with their own `webhook-id`s. Returns how many.
   */
  async replay(subscriptionId: string, fromPosition: number): Promise<number> {
    const subscription = this.subscriptions.active().find((candidate) => candidate.id === subscriptionId);
    if (subscription === undefined) return 0;
    const head = await this.options.store.headPosition();
    const queue = this.db.prepare(
      `INSERT INTO webhook_outbox_deliveries
         (subscription_id, position, stream_id, status, attempts, next_attempt_at, ready)
       VALUES (?, ?, ?, 'pending', 0, ?, 0)
       ON CONFLICT (subscription_id, position) DO UPDATE SET status = 'pending', attempts = 0,
         next_attempt_at = excluded.next_attempt_at, last_error = NULL, dead_at = NULL`,
    );
    let queued = 0;
    let after = Math.max(0, fromPosition - 1);
    while (after < head) {
      const page = await this.options.store.readAll({ after, maxCount: 1000 });
      if (page.events.length === 0) break;
      const now = this.now();
      this.db.transaction(() => {
        const cases = new Set<string>();
        for (const event of page.events) {
          if (event.position > head) break;
          const owner = caseOf(event);
          if (owner === undefined || !wants(subscription, owner.caseType, event.type)) continue;
          queue.run(subscriptionId, event.position, event.streamId, now);
          cases.add(event.streamId);
          queued += 1;
        }
        for (const streamId of cases) promoteNextOfCase(this.db, subscriptionId, streamId);
      })();
      after = page.lastPosition;
    }
    return queued;
  }

  deadLetters(subscriptionId: string, limit = 1000): DeadLetter[] {
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

  /** Per active subscription, for /metrics. `head` is the log's head position. */
  stats(head: number): SubscriptionDeliveryStats[] {
    const checkpoint = this.checkpoint();
    const outbox = new Map(
      this.db
        .prepare<[], { subscription_id: string; pending: number; first_pending: number | null }>(
          `SELECT subscription_id, SUM(status = 'pending') AS pending,
             MIN(CASE WHEN status = 'pending' THEN position END) AS first_pending
           FROM webhook_outbox_deliveries GROUP BY subscription_id`,
        )
        .all()
        .map((row) => [row.subscription_id, row]),
    );
    return this.subscriptions
      .list()
      .filter((subscription) => subscription.revokedAt === null)
      .map((subscription) => {
        const queued = outbox.get(subscription.id);
        const doneUpTo =
          queued?.first_pending != null
            ? queued.first_pending - 1
            : Math.max(checkpoint, subscription.startPosition);
        return {
          subscriptionId: subscription.id,
          lagEvents: Math.max(0, head - doneUpTo),
          pending: queued?.pending ?? 0,
          deadLettered: subscription.deadLettered,
          failedAttempts: subscription.failedAttempts,
          delivered: subscription.delivered,
        };
      });
  }
}
