import type Database from 'better-sqlite3';
import { prepared, type NamedStatement } from '../projections/index.js';
import type { DeadlineView } from '../workflow-engine/index.js';
import { secondsBetween, type DeadlineRow } from './deadline-rows.js';
import {
  SQLITE_DEADLINES,
  deadlineCountsOf,
  deadlineCountsStatement,
  deadlineListStatement,
  deadlinePage,
  deadlinesOfCaseStatement,
  dueDeadlinesStatement,
  reportGroups,
  slaReportStatement,
  type DeadlineFilter,
  type DeadlinePage,
  type ReportGroup,
  type SlaReportOptions,
  type StoredReportGroup,
} from './deadline-statements.js';

/** What a deadline looked like at `at`: live (`asOf` false) or reconstructed for a past instant. */
export function deadlineView(row: DeadlineRow, at: string, asOf: boolean): DeadlineView | undefined {
  let status = row.status;
  let stoppedAt = row.stopped_at;
  if (asOf) {
    // A past instant is read from the row's timestamps: only the latest pause is known (earlier ones
    // survive as paused_seconds and the moved due time).
    if (row.started_at > at) return undefined;
    if (row.cancelled_at !== null && row.cancelled_at <= at) return undefined;
    if (row.breached_at !== null && row.breached_at <= at) status = 'breached';
    else if (row.stopped_at !== null && row.stopped_at <= at) status = 'met';
    else if (row.paused_at !== null && row.paused_at <= at) status = 'paused';
    else status = 'pending';
    if (stoppedAt !== null && stoppedAt > at) stoppedAt = null;
  }
  if (status === 'cancelled') return undefined;
  const pausedNow = status === 'paused' && row.paused_at !== null ? secondsBetween(row.paused_at, at) : 0;
  return {
    kind: row.kind,
    dueAt: row.due_at,
    status,
    warning: status === 'pending' && at >= row.warn_at,
    overdue: status === 'pending' && at > row.due_at,
    startedAt: row.started_at,
    warnAt: row.warn_at,
    stoppedAt,
    accountableRole: row.accountable_role,
    pausedSeconds: row.paused_seconds + pausedNow,
    pauseReason: status === 'paused' ? row.pause_reason : null,
    rule: row.rule,
  };
}

function all<R>(db: Database.Database, statement: NamedStatement): R[] {
  return prepared<Record<string, unknown>, R>(db, statement.sql).all(statement.params);
}

/** One case's deadlines: live, or as they stood at `at` when `asOf` is true. */
export function deadlinesOfCase(
  db: Database.Database,
  caseId: string,
  at: string,
  asOf: boolean,
): DeadlineView[] {
  return all<DeadlineRow>(db, deadlinesOfCaseStatement(caseId)).flatMap(
    (row) => deadlineView(row, at, asOf) ?? [],
  );
}

export function listDeadlines(db: Database.Database, filter: DeadlineFilter): DeadlinePage {
  return deadlinePage(all<DeadlineRow>(db, deadlineListStatement(filter)), filter.limit);
}

/** The SLA report (see `slaReportStatement`). */
export function slaReport(db: Database.Database, options: SlaReportOptions): ReportGroup[] {
  return reportGroups(all<StoredReportGroup>(db, slaReportStatement(options, SQLITE_DEADLINES)));
}

/** Pending (of which in warning) and breached deadlines, for the Prometheus gauge. */
export function deadlineCounts(db: Database.Database, now: string): Record<string, number> {
  const statement = deadlineCountsStatement(now);
  return deadlineCountsOf(
    prepared<Record<string, unknown>, { pending: number; warning: number; breached: number }>(
      db,
      statement.sql,
    ).get(statement.params),
  );
}

/** The deadlines the sweeper turns into breaches now (see `dueDeadlinesStatement`). */
export function dueDeadlines(db: Database.Database, now: string, limit: number): DeadlineRow[] {
  return all<DeadlineRow>(db, dueDeadlinesStatement(now, limit));
}
