import type { SqliteSchema } from '../sqlite-migrations/index.js';

/**
 * The read-model file's migrations: the tables that are not a projection's. A projection's tables (and
 * the runner's checkpoints, which record each projection's version) are created by its `setup` and
 * dropped and rebuilt from the log when its version changes (libs/projections/projection.ts), so they
 * need no step here. Step 1 is the layout every file had before files carried a version
 * (`IF NOT EXISTS`), so such a file is stamped version 1 as it is.
 */
export const READ_MODELS_FILE: SqliteSchema = {
  file: 'the read-model file',
  migrations: [
    {
      version: 1,
      description: 'case snapshots, derived from the log and deletable at any time',
      up: (db) =>
        db.exec(`CREATE TABLE IF NOT EXISTS case_snapshots (
          stream_id TEXT NOT NULL,
          revision INTEGER NOT NULL,
          machine_version INTEGER NOT NULL,
          last_hash TEXT NOT NULL,
          latest_occurred_ms INTEGER NOT NULL,
          state TEXT NOT NULL,
          PRIMARY KEY (stream_id, revision)
        ) WITHOUT ROWID`),
    },
  ],
};
