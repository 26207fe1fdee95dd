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
  /**
   * Applies a batch of events in log order, in the same transaction. Optional: a projection that folds
   * events into one row per case can fold the whole batch in memory and write each row once, which is
   * what makes a rebuild fast. Must leave exactly the rows that applying the events one by one leaves.
   */
  applyBatch?(db: Database.Database, events: readonly RecordedEvent[]): void;
  /**
   * Optional: fetches what `apply` needs from outside the read models for this batch (e.g. the keys of a
   * personal-data vault that loads them asynchronously), before the batch's transaction begins.
   */
  prepare?(events: readonly RecordedEvent[]): Promise<void>;
}
