import type Database from 'better-sqlite3';
import type { SecretBox } from './secret-box.js';
import { OUTBOX_CHECKPOINT } from './integrations-file.js';
import type { WebhookSubscriptionStore } from './webhook-outbox-store.port.js';
import type {
  ActiveSubscription,
  NewWebhookSubscription,
  WebhookSubscriptionView,
} from './webhook-subscriptions.js';

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
 * Webhook subscriptions in a table of the integrations file (integrations-file.ts; `db` is that file,
 * migrated). Who created and who revoked each is kept on its row; a revoked subscription stays listed.
 * The delivery counters live here too, so any process (an API beside a separate worker) reads them.
 */
export class SqliteWebhookSubscriptions implements WebhookSubscriptionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly secrets: SecretBox,
  ) {}

  async create(subscription: NewWebhookSubscription): Promise<WebhookSubscriptionView> {
    this.db
      .prepare(
        `INSERT INTO webhook_subscriptions (id, url, case_types, event_types, personal_data, secret_sealed,
           created_at, created_by, start_position) SELECT ?, ?, ?, ?, ?, ?, ?, ?, max(?, coalesce(
             (SELECT position FROM projection_checkpoints WHERE name = '${OUTBOX_CHECKPOINT}'), 0))`,
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
    return (await this.get(subscription.id))!;
  }

  async get(id: string): Promise<WebhookSubscriptionView | undefined> {
    const row = this.db
      .prepare<[string], SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE id = ?')
      .get(id);
    return row === undefined ? undefined : view(row);
  }

  async list(): Promise<WebhookSubscriptionView[]> {
    return listSubscriptions(this.db);
  }

  async revoke(id: string, at: string, by: string): Promise<boolean> {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE webhook_subscriptions SET revoked_at = ?, revoked_by = ?, secret_sealed = X''
           WHERE id = ? AND revoked_at IS NULL`,
        )
        .run(at, by, id).changes;
      if (changed > 0) {
        this.db.prepare('DELETE FROM webhook_outbox_deliveries WHERE subscription_id = ?').run(id);
      }
      return changed > 0;
    })();
  }

  async active(): Promise<ActiveSubscription[]> {
    return this.activeNow();
  }

  /** `active`, synchronously, for the feeder's transaction. */
  activeNow(): ActiveSubscription[] {
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

  async secretOf(id: string): Promise<string | undefined> {
    const row = this.db
      .prepare<[string], { secret_sealed: Buffer }>(
        'SELECT secret_sealed FROM webhook_subscriptions WHERE id = ? AND revoked_at IS NULL',
      )
      .get(id);
    return row === undefined ? undefined : this.secrets.open(row.secret_sealed, id);
  }

  async count(): Promise<number> {
    return this.db
      .prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM webhook_subscriptions WHERE revoked_at IS NULL')
      .get()!.n;
  }
}

/** Every subscription of an integrations file, revoked ones included, oldest first (no key needed). */
export function listSubscriptions(db: Database.Database): WebhookSubscriptionView[] {
  return db
    .prepare<[], SubscriptionRow>('SELECT * FROM webhook_subscriptions ORDER BY created_at, id')
    .all()
    .map(view);
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
