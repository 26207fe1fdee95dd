import type pg from 'pg';
import { postgresPool } from '../event-store/index.js';
import type { CaseSnapshot, CaseSnapshotStore } from '../workflow-engine/index.js';
import { caseSnapshotColumns } from './case-snapshot-columns.js';

interface SnapshotRow {
  readonly revision: string;
  readonly machine_version: number;
  readonly last_hash: string;
  readonly latest_occurred_ms: string;
  readonly state: string;
}

/**
 * Case snapshots in the PostgreSQL database of the event store (its migration 5 creates
 * `case_snapshots`), so a case folded on one node starts warm on every other. Saves are not awaited by
 * commands and are written without waiting for the server's disk (`synchronous_commit = off`): a
 * snapshot lost in a crash only costs the next load a longer fold.
 */
export class PostgresCaseSnapshots implements CaseSnapshotStore {
  private readonly pool: pg.Pool;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(options: { readonly connectionString: string; readonly connections?: number }) {
    this.pool = postgresPool({
      connectionString: options.connectionString,
      max: options.connections ?? 4,
      name: 'engine case snapshots',
      settings: '-c synchronous_commit=off',
    });
  }

  async latest(streamId: string, occurredByMs?: number): Promise<CaseSnapshot | undefined> {
    // latest_occurred_ms never falls as the revision rises, so the first row from the top that qualifies
    // is the latest snapshot an as-of view may start from.
    const { rows } = await this.pool.query<SnapshotRow>(
      `SELECT revision, machine_version, last_hash, latest_occurred_ms, state FROM case_snapshots
       WHERE stream_id = $1 AND latest_occurred_ms <= $2 ORDER BY revision DESC LIMIT 1`,
      [streamId, occurredByMs ?? Number.MAX_SAFE_INTEGER],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      streamId,
      revision: Number(row.revision),
      machineVersion: row.machine_version,
      lastHash: row.last_hash,
      latestOccurredMs: Number(row.latest_occurred_ms),
      state: row.state,
    };
  }

  save(snapshot: CaseSnapshot): Promise<void> {
    return this.track(
      this.pool.query(
        `INSERT INTO case_snapshots (stream_id, revision, machine_version, last_hash, latest_occurred_ms, state)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (stream_id, revision) DO UPDATE SET machine_version = excluded.machine_version,
           last_hash = excluded.last_hash, latest_occurred_ms = excluded.latest_occurred_ms, state = excluded.state`,
        caseSnapshotColumns(snapshot),
      ),
    );
  }

  /** Drops the snapshot and any later one: they were all taken from a history the log no longer has. */
  discard(streamId: string, revision: number): Promise<void> {
    return this.track(
      this.pool.query('DELETE FROM case_snapshots WHERE stream_id = $1 AND revision >= $2', [
        streamId,
        revision,
      ]),
    );
  }

  /** Resolves once every save and discard sent so far has been answered (they are not awaited by commands). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** Waits for the writes in flight, then closes the connections. */
  async close(): Promise<void> {
    await this.settled();
    await this.pool.end();
  }

  private track(query: Promise<unknown>): Promise<void> {
    const write = query.then(() => undefined);
    this.pending.add(write);
    const forget = (): void => void this.pending.delete(write);
    write.then(forget, forget);
    return write;
  }
}
