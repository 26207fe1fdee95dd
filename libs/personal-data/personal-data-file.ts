import type { SqliteSchema } from '../sqlite-migrations/index.js';

/**
 * The personal-data vault's migrations. Step 1 is the layout every vault had before files carried a
 * version (`IF NOT EXISTS`), so such a file is stamped version 1 as it is.
 */
export const PERSONAL_DATA_FILE: SqliteSchema = {
  file: 'the personal-data vault',
  migrations: [
    {
      version: 1,
      description: 'one key per subject; an erased key is NULL with the time of its erasure',
      up: (db) =>
        db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (
          subject_id TEXT PRIMARY KEY,
          key BLOB,
          created_at TEXT NOT NULL,
          erased_at TEXT
        ) WITHOUT ROWID`),
    },
  ],
};
