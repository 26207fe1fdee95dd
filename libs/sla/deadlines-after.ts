import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../kernel/index.js';
import { caseOwnerOf, prepared, type CaseOwnerRow } from '../projections/index.js';
import type { DeadlineView } from '../workflow-engine/index.js';
import type { DeadlinePolicy, DeadlineRule } from './deadline-policy.js';
import { deadlineView } from './deadline-queries.js';
import { DeadlineFold, isLiveDeadline, type DeadlineRow } from './deadline-rows.js';
import { deadlinesOfCaseStatement } from './deadline-statements.js';

/** What the deadlines read model holds of one case, read together: its rows, its owner, how far it has applied the log. */
export interface StoredCaseDeadlines {
  /** Every row of the case, in id order. */
  readonly rows: readonly DeadlineRow[];
  readonly owner: CaseOwnerRow | undefined;
  /** The position the deadlines read model had applied when the rows were read. */
  readonly applied: number;
}

/**
 * A case's live deadlines once `events` are applied: the case's events the read model had not applied
 * when `stored` was read (those above `stored.applied`, in log order; the others are skipped), folded
 * into its stored rows in memory by the projection's own fold. A command's answer shows this before the
 * read model has caught up, and the read model then holds exactly the same.
 */
export function deadlinesAfter(
  policy: DeadlinePolicy,
  rules: ReadonlyMap<string, readonly DeadlineRule[]>,
  stored: StoredCaseDeadlines,
  events: readonly RecordedEvent[],
  at: string,
): DeadlineView[] {
  const unapplied = events.filter((event) => event.position > stored.applied);
  const rows = new Map(stored.rows.map((row) => [row.id, row]));
  if (unapplied.length > 0) {
    const fold = new DeadlineFold(policy, rules, {
      live: () => stored.rows.filter(isLiveDeadline),
      owner: () => stored.owner,
      // Rows the fold opens come after the case's stored ones, as the read model numbers them.
      nextId: Math.max(0, ...rows.keys()) + 1,
    });
    for (const event of unapplied) fold.apply(event);
    for (const row of fold.writes) rows.set(row.id, row);
  }
  return [...rows.values()].sort((a, b) => a.id - b.id).flatMap((row) => deadlineView(row, at, false) ?? []);
}

/** The case's deadline rows, owner and the read model's position, in one read transaction of `db`. */
export function storedCaseDeadlines(db: Database.Database, caseId: string): StoredCaseDeadlines {
  const ofCase = deadlinesOfCaseStatement(caseId);
  return db.transaction(() => ({
    rows: prepared<Record<string, unknown>, DeadlineRow>(db, ofCase.sql).all(ofCase.params),
    owner: caseOwnerOf(db, caseId),
    applied:
      prepared<[string], { position: number }>(
        db,
        'SELECT position FROM projection_checkpoints WHERE name = ?',
      ).get('sla_deadlines')?.position ?? 0,
  }))();
}
