import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../kernel/index.js';

/**
 * A read model fed from the global log. The runner calls `apply` inside one SQLite transaction per batch
 * and writes the projection's checkpoint in that same transaction, so a crash never applies an event
 * twice or skips one. Every projection can be dropped and rebuilt from the log.
 */
export interface Projection {
  /** Unique; also the prefix of its tables (`<name>_…`). */
  readonly name: string;
  /** Bump when the tables or the logic change: the runner then drops and rebuilds it from position 0. */
  readonly version: number;
  /** Creates the tables and indexes (idempotent: `CREATE … IF NOT EXISTS`). */
  setup(db: Database.Database): void;
  /** Drops everything `setup` created. */
  teardown(db: Database.Database): void;
  /** Applies one event. Deterministic: the same log gives the same rows. Ignore events you do not need. */
  apply(db: Database.Database, event: RecordedEvent): void;
}
