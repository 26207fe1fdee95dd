import type Database from 'better-sqlite3';
import { migrateSqliteFile } from '../sqlite-migrations/index.js';
import type { CaseSnapshot, CaseSnapshotStore } from '../workflow-engine/index.js';
import { caseSnapshotColumns } from './case-snapshot-columns.js';
import { READ_MODELS_FILE } from './read-models-file.js';

type SnapshotRow = [
  revision: number,
  machineVersion: number,
  lastHash: string,
  latestOccurredMs: number,
  state: string,
];

/**
 * Case snapshots in the read-model database: like the read models they are derived from the log and can
 * be deleted at any time (`DELETE FROM case_snapshots`); loads then fold whole streams until new
 * snapshots are kept. They live beside the read models and not in the event file, so the event file holds
 * only events and the writer thread never waits on them.
 */
export class SqliteCaseSnapshots implements CaseSnapshotStore {
  private readonly latestRow: Database.Statement<[string, number], SnapshotRow>;
  private readonly upsert: Database.Statement<[string, number, number, string, number, string]>;
  private readonly remove: Database.Statement<[string, number]>;

  constructor(db: Database.Database) {
    // The table is the read-model file's (read-models-file.ts); any connection to that file will do.
    migrateSqliteFile(db, READ_MODELS_FILE);
    // latest_occurred_ms is a running maximum, so it never falls as the revision rises: the first row
    // from the top that qualifies is the latest snapshot the as-of view may start from.
    this.latestRow = db
      .prepare<[string, number], SnapshotRow>(
        `SELECT revision, machine_version, last_hash, latest_occurred_ms, state FROM case_snapshots
         WHERE stream_id = ? AND latest_occurred_ms <= ? ORDER BY revision DESC LIMIT 1`,
      )
      .raw();
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO case_snapshots
         (stream_id, revision, machine_version, last_hash, latest_occurred_ms, state)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.remove = db.prepare('DELETE FROM case_snapshots WHERE stream_id = ? AND revision >= ?');
  }

  latest(streamId: string, occurredByMs?: number): CaseSnapshot | undefined {
    const row = this.latestRow.get(streamId, occurredByMs ?? Number.MAX_SAFE_INTEGER);
    if (row === undefined) return undefined;
    const [revision, machineVersion, lastHash, latestOccurredMs, state] = row;
    return { streamId, revision, machineVersion, lastHash, latestOccurredMs, state };
  }

  save(snapshot: CaseSnapshot): void {
    this.upsert.run(...caseSnapshotColumns(snapshot));
  }

  /** Drops the snapshot and any later one: they were all taken from a history the log no longer has. */
  discard(streamId: string, revision: number): void {
    this.remove.run(streamId, revision);
  }
}
