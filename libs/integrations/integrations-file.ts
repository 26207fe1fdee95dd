import type { SqliteSchema } from '../sqlite-migrations/index.js';

/**
 * The outbox's row in `projection_checkpoints`, the table it has used since it was a projection (a file of
 * an earlier engine keeps its place).
 */
export const OUTBOX_CHECKPOINT = 'webhook_outbox';

/**
 * The integrations file's migrations. Step 1 is the layout every file had before files carried a version
 * (`IF NOT EXISTS`), so such a file is stamped version 1 as it is. Step 2 makes the outbox and its
 * checkpoint the file's own tables: they were a projection's, created by its `setup`, so a file of an
 * earlier engine already has them, rows and checkpoint kept (`IF NOT EXISTS`, `ON CONFLICT DO NOTHING`).
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
    {
      version: 2,
      description: 'the webhook outbox and its checkpoint',
      up: (db) =>
        db.exec(`
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  position INTEGER NOT NULL
);
INSERT INTO projection_checkpoints (name, version, position) VALUES ('${OUTBOX_CHECKPOINT}', 1, 0)
  ON CONFLICT (name) DO NOTHING;
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
`),
    },
  ],
};
