import type { CaseSnapshot } from '../workflow-engine/index.js';

/**
 * A snapshot as the values of one `case_snapshots` row, in column order (stream_id, revision,
 * machine_version, last_hash, latest_occurred_ms, state): the same table in SQLite and PostgreSQL.
 */
export function caseSnapshotColumns(
  snapshot: CaseSnapshot,
): [string, number, number, string, number, string] {
  return [
    snapshot.streamId,
    snapshot.revision,
    snapshot.machineVersion,
    snapshot.lastHash,
    snapshot.latestOccurredMs,
    snapshot.state,
  ];
}
