import type { SqliteSchema } from '../sqlite-migrations/index.js';

/**
 * The audit-anchor file's migrations. Step 1 is the layout every anchor file had before files carried a
 * version (`IF NOT EXISTS`), so such a file is stamped version 1 as it is.
 */
export const AUDIT_ANCHOR_FILE: SqliteSchema = {
  file: 'the audit-anchor file',
  migrations: [
    {
      version: 1,
      description: 'anchors of the global log, and the last anchored event of each stream',
      up: (db) =>
        db.exec(`
          CREATE TABLE IF NOT EXISTS anchors (
            anchor_no INTEGER PRIMARY KEY,
            position INTEGER NOT NULL,
            events INTEGER NOT NULL,
            chain_hash TEXT NOT NULL,
            anchored_at TEXT NOT NULL
          );
          CREATE TABLE IF NOT EXISTS anchored_heads (
            stream_id TEXT PRIMARY KEY,
            case_type TEXT,
            case_id TEXT,
            dealer_id TEXT,
            region_id TEXT,
            revision INTEGER NOT NULL,
            hash TEXT NOT NULL,
            position INTEGER NOT NULL,
            anchor_no INTEGER NOT NULL
          ) WITHOUT ROWID;
          CREATE INDEX IF NOT EXISTS anchored_heads_case ON anchored_heads (case_id);
        `),
    },
  ],
};
