import type pg from 'pg';
import type { SecretBox } from './secret-box.js';
import type { WebhookSubscriptionStore } from './webhook-outbox-store.port.js';
import type {
  ActiveSubscription,
  NewWebhookSubscription,
  WebhookSubscriptionView,
} from './webhook-subscriptions.js';

interface SubscriptionRow {
  id: string;
  url: string;
  case_types: string[];
  event_types: string[];
  personal_data: boolean;
  created_at: Date;
  created_by: string;
  start_position: string;
  revoked_at: Date | null;
  revoked_by: string | null;
  delivered: string;
  failed_attempts: string;
  dead_lettered: string;
}

const VIEW_COLUMNS = `id, url, case_types, event_types, personal_data, created_at, created_by, start_position,
  revoked_at, revoked_by, delivered, failed_attempts, dead_lettered`;

/**
 * Webhook subscriptions in the PostgreSQL database every node shares (migration 4): created, listed and
 * revoked through any node, each secret sealed under the key every node holds (postgres-webhook-secret-key.ts).
 */
export class PostgresWebhookSubscriptions implements WebhookSubscriptionStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly secrets: SecretBox,
  ) {}

  async create(subscription: NewWebhookSubscription): Promise<WebhookSubscriptionView> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      // The checkpoint is read under a share lock: a feeder's transaction in progress finishes first, and
      // the subscription then starts where that feeder left off (it was not among its subscriptions).
      `INSERT INTO webhook_subscriptions (id, url, case_types, event_types, personal_data, secret_sealed,
         created_at, created_by, start_position)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, greatest($9::bigint, (SELECT position FROM webhook_outbox_checkpoint FOR SHARE))
       RETURNING ${VIEW_COLUMNS}`,
      [
        subscription.id,
        subscription.url,
        subscription.caseTypes,
        subscription.eventTypes,
        subscription.personalData,
        this.secrets.seal(subscription.secret, subscription.id),
        subscription.createdAt,
        subscription.createdBy,
        subscription.startPosition,
      ],
    );
    return view(rows[0]!);
  }

  async get(id: string): Promise<WebhookSubscriptionView | undefined> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      `SELECT ${VIEW_COLUMNS} FROM webhook_subscriptions WHERE id = $1`,
      [id],
    );
    return rows[0] === undefined ? undefined : view(rows[0]);
  }

  async list(): Promise<WebhookSubscriptionView[]> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      `SELECT ${VIEW_COLUMNS} FROM webhook_subscriptions ORDER BY created_at, id`,
    );
    return rows.map(view);
  }

  async revoke(id: string, at: string, by: string): Promise<boolean> {
    // One statement: the secret goes with the revocation, the undelivered rows with it.
    const { rows } = await this.pool.query<{ revoked: boolean }>(
      `WITH revoked AS (
         UPDATE webhook_subscriptions SET revoked_at = $2, revoked_by = $3, secret_sealed = ''::bytea
         WHERE id = $1 AND revoked_at IS NULL RETURNING id),
       dropped AS (DELETE FROM webhook_outbox_deliveries WHERE subscription_id IN (SELECT id FROM revoked))
       SELECT EXISTS (SELECT 1 FROM revoked) AS revoked`,
      [id, at, by],
    );
    return rows[0]!.revoked;
  }

  /** On `client` when given: the feeder reads them inside its transaction. */
  async active(client: pg.ClientBase | pg.Pool = this.pool): Promise<ActiveSubscription[]> {
    return activeSubscriptions(client);
  }

  async secretOf(id: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ secret_sealed: Buffer }>(
      'SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
    return rows[0] === undefined ? undefined : this.secrets.open(rows[0].secret_sealed, id);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM webhook_subscriptions WHERE revoked_at IS NULL',
    );
    return Number(rows[0]!.n);
  }
}

/** The subscriptions not revoked, read on `client` (inside the caller's transaction when it has one). */
export async function activeSubscriptions(client: pg.ClientBase | pg.Pool): Promise<ActiveSubscription[]> {
  const { rows } = await client.query<SubscriptionRow>(
    `SELECT ${VIEW_COLUMNS} FROM webhook_subscriptions WHERE revoked_at IS NULL`,
  );
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    caseTypes: new Set(row.case_types),
    eventTypes: new Set(row.event_types),
    personalData: row.personal_data,
    startPosition: Number(row.start_position),
  }));
}

function view(row: SubscriptionRow): WebhookSubscriptionView {
  return {
    id: row.id,
    url: row.url,
    caseTypes: row.case_types,
    eventTypes: row.event_types,
    personalData: row.personal_data,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    startPosition: Number(row.start_position),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedBy: row.revoked_by,
    delivered: Number(row.delivered),
    failedAttempts: Number(row.failed_attempts),
    deadLettered: Number(row.dead_lettered),
  };
}
