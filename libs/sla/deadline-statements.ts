import type { ReadScope } from '../kernel/index.js';
import { readScopeClause, type NamedStatement } from '../projections/index.js';
import type { DeadlineRow } from './deadline-rows.js';
import type { DeadlineStatusFilter } from './deadline-status.js';

/*
 * The deadline queries with `@name` parameters, the same for SQLite and PostgreSQL (text compared
 * bytewise in both: PostgreSQL's columns are `COLLATE "C"`). Counts are `SUM(CASE … THEN 1 ELSE 0 END)`,
 * which both accept; only time arithmetic differs (`DeadlineDialect`).
 */

/** What differs between the dialects in these queries. */
export interface DeadlineDialect {
  /** An expression of whole milliseconds since the epoch of an ISO-8601 text expression, exactly. */
  epochMilliseconds(text: string): string;
  /** The larger of two numbers (SQLite's two-argument `MAX`, PostgreSQL's `GREATEST`). */
  readonly greatest: 'MAX' | 'GREATEST';
}

export const SQLITE_DEADLINES: DeadlineDialect = {
  epochMilliseconds: (text) => `CAST(ROUND(unixepoch(${text}, 'subsec') * 1000) AS INTEGER)`,
  greatest: 'MAX',
};

export const POSTGRES_DEADLINES: DeadlineDialect = {
  epochMilliseconds: (text) => `(EXTRACT(EPOCH FROM (${text})::timestamptz) * 1000)::bigint`,
  greatest: 'GREATEST',
};

export function deadlinesOfCaseStatement(caseId: string): NamedStatement {
  return { sql: 'SELECT * FROM sla_deadlines WHERE case_id = @caseId ORDER BY id', params: { caseId } };
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

export interface DeadlinePage {
  readonly rows: DeadlineRow[];
  readonly next: number | null;
}

/** A filtered page of deadlines by id; asks one row more than the page to know whether another follows. */
export function deadlineListStatement(filter: DeadlineFilter): NamedStatement {
  const where = ['id > @after'];
  const params: Record<string, unknown> = {
    after: filter.after ?? 0,
    limit: filter.limit + 1,
  };
  if (filter.status === 'warning') {
    where.push("status = 'pending' AND warn_at <= @now");
    params.now = filter.now;
  } else if (filter.status !== undefined) {
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
  return {
    sql: `SELECT * FROM sla_deadlines WHERE ${where.join(' AND ')} ORDER BY id LIMIT @limit`,
    params,
  };
}

/** The page `deadlineListStatement`'s rows make for a filter asking `limit` rows. */
export function deadlinePage(rows: DeadlineRow[], limit: number): DeadlinePage {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, next: more ? page[page.length - 1]!.id : null };
}

export type ReportGrouping = 'dealer' | 'kind' | 'role';

export interface SlaReportOptions {
  readonly from?: string;
  readonly to?: string;
  readonly groupBy: ReportGrouping;
  readonly scope?: ReadScope;
  /** The instant a running pause is counted up to. */
  readonly now: string;
}

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

/** A report row as a database returns it (PostgreSQL's sums are bigint, which `pg` gives as text). */
export interface StoredReportGroup {
  readonly grp: string | null;
  readonly met: number | string;
  readonly breached: number | string;
  readonly pending: number | string;
  readonly paused: number | string;
  readonly paused_seconds: number | string;
}

const GROUP_COLUMN: Record<ReportGrouping, string> = {
  dealer: 'dealer_id',
  kind: 'kind',
  role: 'accountable_role',
};

const count = (status: string) => `SUM(CASE WHEN status = '${status}' THEN 1 ELSE 0 END)`;

/**
 * Deadlines due in [from, to), grouped: how many were met, breached, are still pending or paused, how long
 * they stood still, and the compliance rate. Cancelled deadlines (case closed or dismissed first) count in
 * no column. A running pause counts whole seconds up to `now`, rounded as `secondsBetween` rounds.
 */
export function slaReportStatement(options: SlaReportOptions, dialect: DeadlineDialect): NamedStatement {
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
  const runningPause = `${dialect.greatest}(0, (${dialect.epochMilliseconds('@now')} - ${dialect.epochMilliseconds('paused_at')} + 500) / 1000)`;
  return {
    sql: `SELECT ${column} AS grp, ${count('met')} AS met, ${count('breached')} AS breached,
              ${count('pending')} AS pending, ${count('paused')} AS paused,
              SUM(paused_seconds + CASE WHEN paused_at IS NULL THEN 0 ELSE ${runningPause} END) AS paused_seconds
       FROM sla_deadlines WHERE ${where.join(' AND ')} GROUP BY ${column} ORDER BY ${column}`,
    params,
  };
}

export function reportGroups(rows: readonly StoredReportGroup[]): ReportGroup[] {
  return rows.map((row) => {
    const met = Number(row.met);
    const breached = Number(row.breached);
    return {
      group: row.grp ?? '(none)',
      met,
      breached,
      pending: Number(row.pending),
      paused: Number(row.paused),
      pausedSeconds: Number(row.paused_seconds),
      compliancePercent: met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 10,
    };
  });
}

/** Pending (of which in warning) and breached deadlines, for the Prometheus gauge. */
export function deadlineCountsStatement(now: string): NamedStatement {
  return {
    sql: `SELECT ${count('pending')} AS pending,
              SUM(CASE WHEN status = 'pending' AND warn_at <= @now THEN 1 ELSE 0 END) AS warning,
              ${count('breached')} AS breached FROM sla_deadlines`,
    params: { now },
  };
}

export function deadlineCountsOf(
  row: { pending: unknown; warning: unknown; breached: unknown } | undefined,
): Record<string, number> {
  return {
    pending: Number(row?.pending ?? 0),
    warning: Number(row?.warning ?? 0),
    breached: Number(row?.breached ?? 0),
  };
}

/**
 * Pending deadlines due by `now`, the earliest first (ties by id, so every database gives the same order),
 * through the (status, due_at) index: what the sweeper turns into breach commands.
 */
export function dueDeadlinesStatement(now: string, limit: number): NamedStatement {
  return {
    sql: `SELECT * FROM sla_deadlines WHERE status = 'pending' AND due_at <= @now ORDER BY due_at, id LIMIT @limit`,
    params: { now, limit },
  };
}
