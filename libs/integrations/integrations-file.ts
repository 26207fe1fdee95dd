import type { SqliteSchema } from '../sqlite-migrations/index.js';

/**
 * The outbox's row in `projection_checkpoints`, the table it has always used (a file of an earlier engine
 * keeps its place); created with the outbox's tables by SqliteWebhookOutboxStore.
 */
export const OUTBOX_CHECKPOINT = 'webhook_outbox';

/**
 * The integrations file's migrations: the tables kept here for good (subscriptions). The outbox and the
 * projection checkpoint are a projection's tables, created by its `setup` and rebuilt when its version
 * changes (see libs/projections/projection.ts). Step 1 is the layout every file had before files carried
 * a version (`IF NOT EXISTS`), so such a file is stamped version 1 as it is.
 */
export const INTEGRATIONS_FILE: SqliteSchema = {
  file: 'the integrations file',
  migrations: [
    {
      version: 1,
      description: 'webhook subscriptions with their sealed secrets and delivery counters',
      up: (db) =>
        db.exec(`CREATE TABLE IF NOT EXISTS webhook_subscriptions (
          id TEXT PRIMARY KEY,
          url TEXT NOT NULL,
          case_types TEXT NOT NULL,
          event_types TEXT NOT NULL,
          personal_data INTEGER NOT NULL,
          secret_sealed BLOB NOT NULL,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL,
          start_position INTEGER NOT NULL,
          revoked_at TEXT,
          revoked_by TEXT,
          delivered INTEGER NOT NULL DEFAULT 0,
          failed_attempts INTEGER NOT NULL DEFAULT 0,
          dead_lettered INTEGER NOT NULL DEFAULT 0
        )`),
    },
  ],
};
