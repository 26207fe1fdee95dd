import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { readableSqliteFileVersion } from '../sqlite-migrations/index.js';
import { INTEGRATIONS_FILE, OUTBOX_CHECKPOINT } from './integrations-file.js';
import type { SecretBox } from './secret-box.js';
import { listSubscriptions } from './sqlite-webhook-subscriptions.js';
import type { WebhookSubscriptionView } from './webhook-subscriptions.js';

/** A key that may have sealed the secrets of an integrations file, and where it came from (named in errors). */
export interface CandidateKey {
  readonly source: string;
  readonly secrets: SecretBox;
}

/** No key given opens every secret of the file: the old node sealed them with another. */
export class WebhookSecretsUnopenedError extends Error {
  constructor(
    readonly file: string,
    readonly tried: readonly string[],
  ) {
    super(
      tried.length === 0
        ? `The webhook secrets in ${file} are sealed, and no key was found to open them; nothing was imported`
        : `No key tried (${tried.join(', ')}) opens the webhook secrets in ${file}; nothing was imported`,
    );
    this.name = 'WebhookSecretsUnopenedError';
  }
}

/** A subscription of the file with its secret opened; a revoked one has none. */
export interface SubscriptionToMove extends WebhookSubscriptionView {
  readonly secret: string | undefined;
}

/** An outbox row as the file keeps it: pending, or a dead letter. */
export interface OutboxRowToMove {
  readonly subscriptionId: string;
  readonly position: number;
  readonly streamId: string;
  readonly status: 'pending' | 'dead';
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly deadAt: string | null;
}

/** What a node of the embedded store kept in its integrations file, read to move it elsewhere. */
export interface IntegrationsFileContents {
  readonly subscriptions: readonly SubscriptionToMove[];
  /** The last log position the file's outbox had taken in (0: it never ran). */
  readonly checkpoint: number;
  /** The outbox rows of the active subscriptions, a page at a time, by subscription and position. */
  outboxPages(pageSize?: number): Generator<OutboxRowToMove[]>;
  close(): void;
}

/**
 * Opens an integrations file read-only (it is never changed) and every active subscription's secret with
 * the first of `keys` that opens them all; fails before anything else happens when none does.
 */
export function readIntegrationsFile(path: string, keys: readonly CandidateKey[]): IntegrationsFileContents {
  if (!existsSync(path)) throw new Error(`No integrations file at ${path}; nothing was imported`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    // The reading below knows the layout of the versions up to this engine's; a newer file is refused.
    readableSqliteFileVersion(db, INTEGRATIONS_FILE);
    const sealed = new Map(
      db
        .prepare<[], { id: string; secret_sealed: Buffer }>(
          'SELECT id, secret_sealed FROM webhook_subscriptions WHERE revoked_at IS NULL',
        )
        .all()
        .map((row) => [row.id, row.secret_sealed]),
    );
    const secrets = openAll(path, sealed, keys);
    const subscriptions = listSubscriptions(db).map((view) => ({ ...view, secret: secrets.get(view.id) }));
    // A file written before the outbox had tables of its own may lack them: its outbox never ran.
    const outbox = hasTable(db, 'webhook_outbox_deliveries');
    const checkpoint = hasTable(db, 'projection_checkpoints')
      ? (db
          .prepare<[string], { position: number }>(
            'SELECT position FROM projection_checkpoints WHERE name = ?',
          )
          .get(OUTBOX_CHECKPOINT)?.position ?? 0)
      : 0;
    return {
      subscriptions,
      checkpoint,
      *outboxPages(pageSize = 1000) {
        if (!outbox) return;
        const rows = db
          .prepare<[], OutboxRowToMove>(
            `SELECT d.subscription_id AS subscriptionId, d.position, d.stream_id AS streamId, d.status,
               d.attempts, d.next_attempt_at AS nextAttemptAt, d.last_error AS lastError, d.dead_at AS deadAt
             FROM webhook_outbox_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
             WHERE s.revoked_at IS NULL ORDER BY d.subscription_id, d.position`,
          )
          .iterate();
        let page: OutboxRowToMove[] = [];
        for (const row of rows) {
          page.push(row);
          if (page.length === pageSize) {
            yield page;
            page = [];
          }
        }
        if (page.length > 0) yield page;
      },
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The secrets by subscription id, opened with the first key that opens every one (AES-GCM tells). */
function openAll(
  path: string,
  sealed: ReadonlyMap<string, Buffer>,
  keys: readonly CandidateKey[],
): Map<string, string> {
  if (sealed.size === 0) return new Map();
  for (const key of keys) {
    try {
      return new Map([...sealed].map(([id, secret]) => [id, key.secrets.open(secret, id)]));
    } catch {
      // Not this key: the next one.
    }
  }
  throw new WebhookSecretsUnopenedError(
    path,
    keys.map((key) => key.source),
  );
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
