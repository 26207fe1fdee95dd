import type Database from 'better-sqlite3';
import type { ReadScope } from '../kernel/index.js';
import { prepared, readScopeClause } from '../projections/index.js';
import { GROUPING_COLUMNS, type ReportColumn, type ReportDefinition } from './report-definitions.js';
import type { ReportCell } from './reports.projection.js';

export interface ReportQuery {
  /** First local day (YYYY-MM-DD), inclusive. */
  readonly from?: string;
  /** Last local day (YYYY-MM-DD), inclusive. */
  readonly to?: string;
  readonly dealerId?: string;
  readonly regionId?: string;
  /** One of the definition's groupings; its default when absent. */
  readonly groupBy?: string;
  /** The caller's read scope. */
  readonly scope: ReadScope;
}

export type ReportCellValue = string | number | null;

export interface ReportResult {
  readonly report: string;
  readonly title: { readonly zh: string; readonly en: string };
  readonly from: string | null;
  readonly to: string | null;
  readonly groupBy: string;
  /** What else it may be grouped by. */
  readonly groupings: readonly string[];
  /** The columns a chart draws. */
  readonly chart: readonly string[];
  /** The key columns (period, group) first, then the report's own. */
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly Record<string, ReportCellValue>[];
}

const OWNER_COLUMNS = { dealerId: 'dealer_id', regionId: 'region_id' } as const;
/** The group a cell belongs to when a dimension has no value (a goodwill application names no vehicle). */
export const NO_VALUE = '(none)';

function groupOf(cell: ReportCell, dims: Record<string, string | null>, groupBy: string): string {
  switch (groupBy) {
    case 'all':
      return 'all';
    case 'day':
      return cell.day;
    case 'month':
      return cell.day.slice(0, 7);
    case 'dealer':
      return cell.dealer_id || NO_VALUE;
    case 'region':
      return cell.region_id || NO_VALUE;
    case 'vehicle':
      return dims.vin ?? NO_VALUE;
    default:
      return dims[groupBy] ?? NO_VALUE;
  }
}

/**
 * A report from its cells: those of its topic filed from `from` to `to` within the caller's scope (and the
 * dealer or region asked for), summed per period and group, then turned into the report's columns.
 */
export function runReport(
  db: Database.Database,
  definition: ReportDefinition,
  query: ReportQuery,
): ReportResult {
  const groupBy = query.groupBy ?? definition.defaultGroupBy;
  const where = ['topic = @topic'];
  const params: Record<string, unknown> = { topic: definition.topic };
  if (query.from !== undefined) {
    where.push('day >= @from');
    params.from = query.from;
  }
  if (query.to !== undefined) {
    where.push('day <= @to');
    params.to = query.to;
  }
  if (query.dealerId !== undefined) {
    where.push('dealer_id = @dealerId');
    params.dealerId = query.dealerId;
  }
  if (query.regionId !== undefined) {
    where.push('region_id = @regionId');
    params.regionId = query.regionId;
  }
  where.push(readScopeClause(query.scope, params, OWNER_COLUMNS));
  const cells = prepared<Record<string, unknown>, ReportCell>(
    db,
    `SELECT day, dealer_id, region_id, dims, sums FROM reports_cells WHERE ${where.join(' AND ')}`,
  ).all(params);
  const groups = new Map<string, { keys: string[]; sums: Record<string, number>; distinct: Set<string> }>();
  const dimsCache = new Map<string, Record<string, string | null>>();
  for (const cell of cells) {
    let dims = dimsCache.get(cell.dims);
    if (dims === undefined) {
      dims = JSON.parse(cell.dims) as Record<string, string | null>;
      dimsCache.set(cell.dims, dims);
    }
    const keys = [
      ...(definition.period === null ? [] : [groupOf(cell, dims, definition.period)]),
      groupOf(cell, dims, groupBy),
    ];
    const id = keys.join('\u0000');
    let group = groups.get(id);
    if (group === undefined) {
      group = { keys, sums: {}, distinct: new Set() };
      groups.set(id, group);
    }
    const sums = JSON.parse(cell.sums) as Record<string, number>;
    for (const [field, value] of Object.entries(sums)) group.sums[field] = (group.sums[field] ?? 0) + value;
    const distinct = definition.distinct;
    if (distinct !== undefined && (sums[distinct.when] ?? 0) !== 0) {
      const value = dims[distinct.dim];
      if (value !== undefined && value !== null) group.distinct.add(value);
    }
  }
  const keyColumns = [...(definition.period === null ? [] : [definition.period]), groupBy].map(
    (id) => GROUPING_COLUMNS[id] ?? { id, zh: id, en: id },
  );
  const rows = [...groups.values()]
    .sort((a, b) => compareKeys(a.keys, b.keys))
    .map((group) => ({
      ...Object.fromEntries(keyColumns.map((column, index) => [column.id, group.keys[index]!])),
      ...definition.values(group.sums, group.distinct.size),
    }));
  return {
    report: definition.name,
    title: { zh: definition.zh, en: definition.en },
    from: query.from ?? null,
    to: query.to ?? null,
    groupBy,
    groupings: definition.groupings,
    chart: definition.chart,
    columns: [...keyColumns, ...definition.columns],
    rows,
  };
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < a.length; index++) {
    const order = a[index]!.localeCompare(b[index]!);
    if (order !== 0) return order;
  }
  return 0;
}
