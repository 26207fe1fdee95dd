import type Database from 'better-sqlite3';
import type { ReadScope } from '../kernel/index.js';
import { prepared, readScopeClause } from '../projections/index.js';
import type { DeadlineView } from '../workflow-engine/index.js';
import { secondsBetween, type DeadlineRow } from './deadline.projection.js';
import type { DeadlineStatusFilter } from './deadline-status.js';

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

export function deadlinesOfCase(
  db: Database.Database,
  caseId: string,
  at: string,
  asOf: boolean,
): DeadlineView[] {
  const rows = prepared<[string], DeadlineRow>(
    db,
    'SELECT * FROM sla_deadlines WHERE case_id = ? ORDER BY id',
  ).all(caseId);
  return rows.flatMap((row) => deadlineView(row, at, asOf) ?? []);
}

const OWNER_COLUMNS = { dealerId: 'dealer_id', regionId: 'region_id' } as const;

export interface DeadlineFilter {
  readonly status?: DeadlineStatusFilter;
  readonly kind?: string;
  readonly caseType?: string;
  readonly caseId?: string;
  readonly dealerId?: string;
  /** The caller's read scope; without it every deadline. */
  readonly scope?: ReadScope;
  readonly dueBefore?: string;
  readonly now: string;
  readonly limit: number;
  /** Id after which to continue. */
  readonly after?: number;
}

export function listDeadlines(
  db: Database.Database,
  filter: DeadlineFilter,
): { rows: DeadlineRow[]; next: number | null } {
  const where = ['id > @after'];
  const params: Record<string, unknown> = {
    after: filter.after ?? 0,
    limit: filter.limit + 1,
    now: filter.now,
  };
  if (filter.status === 'warning') where.push("status = 'pending' AND warn_at <= @now");
  else if (filter.status !== undefined) {
    where.push('status = @status');
    params.status = filter.status;
  }
  const equal: [keyof DeadlineFilter, string][] = [
    ['kind', 'kind'],
    ['caseType', 'case_type'],
    ['caseId', 'case_id'],
    ['dealerId', 'dealer_id'],
  ];
  for (const [key, column] of equal) {
    if (filter[key] !== undefined) {
      where.push(`${column} = @${key}`);
      params[key] = filter[key];
    }
  }
  if (filter.scope !== undefined) where.push(readScopeClause(filter.scope, params, OWNER_COLUMNS));
  if (filter.dueBefore !== undefined) {
    where.push('due_at < @dueBefore');
    params.dueBefore = filter.dueBefore;
  }
  const rows = prepared<Record<string, unknown>, DeadlineRow>(
    db,
    `SELECT * FROM sla_deadlines WHERE ${where.join(' AND ')} ORDER BY id LIMIT @limit`,
  ).all(params);
  const more = rows.length > filter.limit;
  const page = more ? rows.slice(0, filter.limit) : rows;
  return { rows: page, next: more ? page[page.length - 1]!.id : null };
}

export type ReportGrouping = 'dealer' | 'kind' | 'role';

export interface ReportGroup {
  readonly group: string;
  readonly met: number;
  readonly breached: number;
  readonly pending: number;
  /** Clocks paused now: neither met nor breached yet. */
  readonly paused: number;
  /** Time the group's clocks stood still (finished pauses, and the running ones up to `now`), in seconds. */
  readonly pausedSeconds: number;
  /** met / (met + breached) in percent, one decimal; null when nothing was decided yet. */
  readonly compliancePercent: number | null;
}

const GROUP_COLUMN: Record<ReportGrouping, string> = {
  dealer: 'dealer_id',
  kind: 'kind',
  role: 'accountable_role',
};

/**
 * Deadlines due in [from, to), grouped: how many were met, breached, are still pending or paused, how long
 * they stood still, and the compliance rate. Cancelled deadlines (case closed or dismissed first) count in
 * no column.
 */
export function slaReport(
  db: Database.Database,
  options: {
    from?: string;
    to?: string;
    groupBy: ReportGrouping;
    scope?: ReadScope;
    /** The instant a running pause is counted up to. */
    now: string;
  },
): ReportGroup[] {
  const where = ["status != 'cancelled'"];
  const params: Record<string, unknown> = { now: options.now };
  if (options.from !== undefined) {
    where.push('due_at >= @from');
    params.from = options.from;
  }
  if (options.to !== undefined) {
    where.push('due_at < @to');
    params.to = options.to;
  }
  if (options.scope !== undefined) where.push(readScopeClause(options.scope, params, OWNER_COLUMNS));
  const column = GROUP_COLUMN[options.groupBy];
  const rows = prepared<
    Record<string, unknown>,
    {
      grp: string | null;
      met: number;
      breached: number;
      pending: number;
      paused: number;
      paused_seconds: number;
    }
  >(
    db,
    `SELECT ${column} AS grp,
              SUM(status = 'met') AS met, SUM(status = 'breached') AS breached, SUM(status = 'pending') AS pending,
              SUM(status = 'paused') AS paused,
              SUM(paused_seconds + CASE WHEN paused_at IS NULL THEN 0
                ELSE MAX(0, CAST(ROUND((julianday(@now) - julianday(paused_at)) * 86400) AS INTEGER)) END)
                AS paused_seconds
       FROM sla_deadlines WHERE ${where.join(' AND ')} GROUP BY ${column} ORDER BY ${column}`,
  ).all(params);
  return rows.map((row) => ({
    group: row.grp ?? '(none)',
    met: row.met,
    breached: row.breached,
    pending: row.pending,
    paused: row.paused,
    pausedSeconds: row.paused_seconds,
    compliancePercent:
      row.met + row.breached === 0 ? null : Math.round((row.met / (row.met + row.breached)) * 1000) / 10,
  }));
}

/** Pending (of which in warning) and breached deadlines, for the Prometheus gauge. */
export function deadlineCounts(db: Database.Database, now: string): Record<string, number> {
  const row = prepared<[string], { pending: number | null; warning: number | null; breached: number | null }>(
    db,
    `SELECT SUM(status = 'pending') AS pending, SUM(status = 'pending' AND warn_at <= ?) AS warning,
              SUM(status = 'breached') AS breached FROM sla_deadlines`,
  ).get(now);
  return { pending: row?.pending ?? 0, warning: row?.warning ?? 0, breached: row?.breached ?? 0 };
}
