import type Database from 'better-sqlite3';
import type { SecretBox } from './secret-box.js';

export interface NewWebhookSubscription {
  readonly id: string;
  readonly url: string;
  /** Absent or empty: every case type. */
  readonly caseTypes: readonly string[];
  /** Absent or empty: every event type. */
  readonly eventTypes: readonly string[];
  /** Whether names and phone numbers go out in clear; otherwise masked as for a reader who may not see them. */
  readonly personalData: boolean;
  readonly secret: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** The log's head when created: the subscription receives the events after it (earlier ones by replay). */
  readonly startPosition: number;
}

/** A subscription as the API shows it: never its secret. */
export interface WebhookSubscriptionView {
  readonly id: string;
  readonly url: string;
  readonly caseTypes: readonly string[];
  readonly eventTypes: readonly string[];
  readonly personalData: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly startPosition: number;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly delivered: number;
  readonly failedAttempts: number;
  readonly deadLettered: number;
}

export interface ActiveSubscription {
  readonly id: string;
  readonly url: string;
  readonly caseTypes: ReadonlySet<string>;
  readonly eventTypes: ReadonlySet<string>;
  readonly personalData: boolean;
  readonly startPosition: number;
}

interface SubscriptionRow {
  id: string;
  url: string;
  case_types: string;
  event_types: string;
  personal_data: number;
  created_at: string;
  created_by: string;
  start_position: number;
  revoked_at: string | null;
  revoked_by: string | null;
  delivered: number;
  failed_attempts: number;
  dead_lettered: number;
}

/**
 * Webhook subscriptions: configuration kept in a table of the integrations database (not events: they
 * belong to no case, and a subscription's secret must be destroyable, which an append-only log cannot
 * promise). Who created and who revoked each is kept on its row; a revoked subscription stays listed.
 * The delivery counters live here too, so any process (an API beside a separate worker) reads them.
 * The table is the integrations file's (integrations-file.ts): `db` is that file, migrated.
 */
export class WebhookSubscriptions {
  constructor(
    private readonly db: Database.Database,
    private readonly secrets: SecretBox,
  ) {}

  create(subscription: NewWebhookSubscription): WebhookSubscriptionView {
    this.db
      .prepare(
        `INSERT INTO webhook_subscriptions (id, url, case_types, event_types, personal_data, secret_sealed,
           created_at, created_by, start_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        subscription.id,
        subscription.url,
        JSON.stringify(subscription.caseTypes),
        JSON.stringify(subscription.eventTypes),
        subscription.personalData ? 1 : 0,
        this.secrets.seal(subscription.secret, subscription.id),
        subscription.createdAt,
        subscription.createdBy,
        subscription.startPosition,
      );
    return this.get(subscription.id)!;
  }

  get(id: string): WebhookSubscriptionView | undefined {
    const row = this.db
      .prepare<[string], SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE id = ?')
      .get(id);
    return row === undefined ? undefined : view(row);
  }

  list(): WebhookSubscriptionView[] {
    return this.db
      .prepare<[], SubscriptionRow>('SELECT * FROM webhook_subscriptions ORDER BY created_at, id')
      .all()
      .map(view);
  }

  /**
   * Stops deliveries for good: the secret is destroyed and undelivered events are dropped (a revoked
   * subscription signs nothing more). False when it was already revoked.
   */
  revoke(id: string, at: string, by: string): boolean {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE webhook_subscriptions SET revoked_at = ?, revoked_by = ?, secret_sealed = X''
           WHERE id = ? AND revoked_at IS NULL`,
        )
        .run(at, by, id).changes;
      if (changed > 0 && hasTable(this.db, 'webhook_outbox_deliveries')) {
        this.db.prepare('DELETE FROM webhook_outbox_deliveries WHERE subscription_id = ?').run(id);
      }
      return changed > 0;
    })();
  }

  active(): ActiveSubscription[] {
    return this.db
      .prepare<[], SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE revoked_at IS NULL')
      .all()
      .map((row) => ({
        id: row.id,
        url: row.url,
        caseTypes: new Set(JSON.parse(row.case_types) as string[]),
        eventTypes: new Set(JSON.parse(row.event_types) as string[]),
        personalData: row.personal_data === 1,
        startPosition: row.start_position,
      }));
  }

  /** The secret to sign with; undefined once revoked. */
  secretOf(id: string): string | undefined {
    const row = this.db
      .prepare<[string], { secret_sealed: Buffer }>(
        'SELECT secret_sealed FROM webhook_subscriptions WHERE id = ? AND revoked_at IS NULL',
      )
      .get(id);
    return row === undefined ? undefined : this.secrets.open(row.secret_sealed, id);
  }

  count(): number {
    return this.db
      .prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM webhook_subscriptions WHERE revoked_at IS NULL')
      .get()!.n;
  }
}

function view(row: SubscriptionRow): WebhookSubscriptionView {
  return {
    id: row.id,
    url: row.url,
    caseTypes: JSON.parse(row.case_types) as string[],
    eventTypes: JSON.parse(row.event_types) as string[],
    personalData: row.personal_data === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
    startPosition: row.start_position,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    delivered: row.delivered,
    failedAttempts: row.failed_attempts,
    deadLettered: row.dead_lettered,
  };
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Whether a subscription wants this event (filters by case type and event type; empty means all). */
export function wants(
  subscription: Pick<ActiveSubscription, 'caseTypes' | 'eventTypes'>,
  caseType: string,
  type: string,
): boolean {
  return (
    (subscription.caseTypes.size === 0 || subscription.caseTypes.has(caseType)) &&
    (subscription.eventTypes.size === 0 || subscription.eventTypes.has(type))
  );
}
