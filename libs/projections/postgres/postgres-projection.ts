import type pg from 'pg';
import type { RecordedEvent } from '../../kernel/index.js';

/**
 * A read model kept in the shared PostgreSQL database, fed from the global log by exactly one node at a
 * time (`PostgresProjectionRunner`). Its tables are made by `setup` rather than by numbered migrations:
 * their life follows the projection's `version` (a bump drops and rebuilds them from position 0), which
 * migrations cannot express without a new migration and a checkpoint reset for every bump. PostgreSQL
 * runs DDL in transactions, so the runner drops, recreates and zeroes the checkpoint in one transaction,
 * under the checkpoint row's lock: no node ever sees half a reset.
 */
export interface PostgresProjection {
  /** Unique; also the prefix of its tables (`<name>_…`) and the name of its checkpoint row. */
  readonly name: string;
  /** Bump when the tables or the logic change: the runner then drops and rebuilds it from position 0. */
  readonly version: number;
  /** Creates the tables and indexes (inside the reset's transaction, right after `teardown`). */
  setup(client: pg.ClientBase): Promise<void>;
  /** Drops everything `setup` created, and what earlier versions created (`DROP … IF EXISTS`). */
  teardown(client: pg.ClientBase): Promise<void>;
  /**
   * Applies a batch of events in log order, inside the transaction that moves the checkpoint past them.
   * Deterministic: the same log gives the same rows. Ignore events you do not need.
   */
  applyBatch(client: pg.ClientBase, events: readonly RecordedEvent[]): Promise<void>;
  /** Optional: fetches what `applyBatch` needs from outside the read models for this batch. */
  prepare?(events: readonly RecordedEvent[]): Promise<void>;
}
