import type Database from 'better-sqlite3';
import type { ReadScope } from '../kernel/index.js';
import { prepared, readScopeClause, type NamedStatement } from '../projections/index.js';
import { readDetail } from './cell-detail.js';
import { GROUPING_COLUMNS, type ReportColumn, type ReportDefinition } from './report-definitions.js';
import { reportSpanOf } from './report-span.js';
import { CELL_TABLES } from './report-rows.js';

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

type Dims = Record<string, string | null>;
/** A cell as read: period (day or month), dealer, region, dims (its key), sums, detail. */
export type ReportCellRow = [string, string, string, string, string, string | null];

/** The dimension a grouping reads, if it is one (the vehicle is the `vin` dimension). */
function dimOfGrouping(groupBy: string): string | undefined {
  switch (groupBy) {
    case 'all':
    case 'day':
    case 'month':
    case 'dealer':
    case 'region':
      return undefined;
    case 'vehicle':
      return 'vin';
    default:
      return groupBy;
  }
}

function groupOf(cell: ReportCellRow, dims: Dims, groupBy: string): string {
  switch (groupBy) {
    case 'all':
      return 'all';
    case 'day':
      return cell[0];
    case 'month':
      return cell[0].slice(0, 7);
    case 'dealer':
      return cell[1] || NO_VALUE;
    case 'region':
      return cell[2] || NO_VALUE;
    default:
      return dims[dimOfGrouping(groupBy)!] ?? NO_VALUE;
  }
}

interface Group {
  /** The keys joined by NUL, which sorts before any character of a key. */
  readonly id: string;
  readonly keys: string[];
  readonly sums: Record<string, number>;
  /** The distinct values counted: the first alone, a set from the second (a vehicle's group has one). */
  distinct?: string | Set<string>;
}

function countDistinct(group: Group, value: string): void {
  if (group.distinct === undefined) group.distinct = value;
  else if (typeof group.distinct === 'string') {
    if (group.distinct !== value) group.distinct = new Set([group.distinct, value]);
  } else group.distinct.add(value);
}

function distinctCount(group: Group): number {
  return group.distinct === undefined ? 0 : typeof group.distinct === 'string' ? 1 : group.distinct.size;
}

/**
 * The statements reading the cells a report reads: whole months of the span from the month cells, the
 * other days from the day cells (report-span.ts); a report by day, or grouped by day, reads day cells
 * only. The same SQL over SQLite and PostgreSQL (`@name` parameters, text compared bytewise), in the
 * cells' key order, so sums are added in the same order whichever database serves them.
 */
export function reportCellStatements(
  definition: ReportDefinition,
  query: ReportQuery,
  groupBy = query.groupBy ?? definition.defaultGroupBy,
): NamedStatement[] {
  const where = ['topic = @topic'];
  const params: Record<string, unknown> = { topic: definition.topic };
  if (query.dealerId !== undefined) {
    where.push('dealer_id = @dealerId');
    params.dealerId = query.dealerId;
  }
  if (query.regionId !== undefined) {
    where.push('region_id = @regionId');
    params.regionId = query.regionId;
  }
  where.push(readScopeClause(query.scope, params, OWNER_COLUMNS));
  const byDay = definition.period === 'day' || groupBy === 'day';
  const months = byDay ? undefined : reportSpanOf(query.from, query.to).months;
  const days = [...where];
  if (query.from !== undefined) {
    days.push('period >= @from');
    params.from = query.from;
  }
  if (query.to !== undefined) {
    days.push('period <= @to');
    params.to = query.to;
  }
  const select = (table: string, clauses: string[]): NamedStatement => ({
    sql: `SELECT period, dealer_id, region_id, dims, sums, detail FROM ${table} WHERE ${clauses.join(' AND ')}
          ORDER BY period, dealer_id, region_id, dims`,
    params,
  });
  if (months === undefined) return [select(CELL_TABLES.day, days)];
  params.monthsFrom = months.from;
  params.monthsTo = months.to;
  // Days outside the whole months: a day 'YYYY-MM-DD' sorts after its month 'YYYY-MM' and before the next.
  const edgeDays =
    query.from === undefined && query.to === undefined
      ? []
      : [select(CELL_TABLES.day, [...days, 'substr(period, 1, 7) NOT BETWEEN @monthsFrom AND @monthsTo'])];
  return [...edgeDays, select(CELL_TABLES.month, [...where, 'period >= @monthsFrom', 'period <= @monthsTo'])];
}

/** A report over a node's SQLite read models. */
export function runReport(
  db: Database.Database,
  definition: ReportDefinition,
  query: ReportQuery,
): ReportResult {
  const cells = reportCellStatements(definition, query).flatMap(({ sql, params }) =>
    prepared<Record<string, unknown>, ReportCellRow>(db, sql).raw().all(params),
  );
  return reportOf(definition, query, cells);
}

/**
 * A report from its cells: those of its topic filed from `from` to `to` within the caller's scope (and the
 * dealer or region asked for), summed per period and group, then turned into the report's columns. A cell
 * with a detail (the vehicles) adds its sums per vehicle when grouped by vehicle, and its vehicles to the
 * distinct count; the count takes a vehicle whose `when` sum is not zero, and as `when` is a count (never
 * negative) a month's vehicle has it when one of its days has.
 */
export function reportOf(
  definition: ReportDefinition,
  query: ReportQuery,
  cells: readonly ReportCellRow[],
): ReportResult {
  const groupBy = query.groupBy ?? definition.defaultGroupBy;
  const groups = new Map<string, Group>();
  const groupFor = (period: string | undefined, key: string): Group => {
    const id = period === undefined ? key : `${period}\u0000${key}`;
    let group = groups.get(id);
    if (group === undefined) {
      group = { id, keys: period === undefined ? [key] : [period, key], sums: {} };
      groups.set(id, group);
    }
    return group;
  };
  const dimsCache = new Map<string, Dims>();
  const distinct = definition.distinct;
  const groupDim = dimOfGrouping(groupBy);
  for (const cell of cells) {
    let dims = dimsCache.get(cell[3]);
    if (dims === undefined) {
      dims = JSON.parse(cell[3]) as Dims;
      dimsCache.set(cell[3], dims);
    }
    const period = definition.period === null ? undefined : groupOf(cell, dims, definition.period);
    const detail = cell[5] === null ? undefined : readDetail(cell[5]);
    if (detail !== undefined && detail.dim === groupDim) {
      // Grouped by the detail dimension: every value is a group of its own.
      const whenIndex = distinct?.dim === detail.dim ? detail.fields.indexOf(distinct.when) + 1 : 0;
      for (const entry of detail.entries) {
        const value = entry[0];
        const group = groupFor(period, value ?? NO_VALUE);
        addSums(group.sums, detail.fields, entry);
        if (whenIndex > 0 && value !== null && entry[whenIndex] !== 0) countDistinct(group, value);
      }
      continue;
    }
    const key = groupOf(cell, dims, groupBy);
    const group = groupFor(period, key);
    const sums = JSON.parse(cell[4]) as Record<string, number>;
    for (const field in sums) group.sums[field] = (group.sums[field] ?? 0) + sums[field]!;
    if (distinct === undefined) continue;
    if (detail !== undefined && detail.dim === distinct.dim) {
      const whenIndex = detail.fields.indexOf(distinct.when) + 1;
      if (whenIndex > 0)
        for (const entry of detail.entries)
          if (entry[0] !== null && entry[whenIndex] !== 0) countDistinct(group, entry[0]);
    } else if ((sums[distinct.when] ?? 0) !== 0) {
      const value = dims[distinct.dim];
      if (value !== undefined && value !== null) countDistinct(group, value);
    }
  }
  const keyColumns = [...(definition.period === null ? [] : [definition.period]), groupBy].map(
    (id) => GROUPING_COLUMNS[id] ?? { id, zh: id, en: id },
  );
  // Each row built by assignment in one order: a year of vehicles is ten thousand rows and more.
  const rows = sortedByKeys([...groups.values()]).map((group) => {
    const row: Record<string, ReportCellValue> = {};
    keyColumns.forEach((column, index) => (row[column.id] = group.keys[index]!));
    return Object.assign(row, definition.values(group.sums, distinctCount(group)));
  });
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

/** Adds a detail entry's sums (the sum of `fields[i]` at index i + 1) to a group's. */
function addSums(sums: Record<string, number>, fields: readonly string[], entry: readonly unknown[]): void {
  for (let index = 0; index < fields.length; index++) {
    const value = entry[index + 1] as number;
    if (value !== 0) sums[fields[index]!] = (sums[fields[index]!] ?? 0) + value;
  }
}

/** The order of String.prototype.localeCompare, without building a collator per comparison. */
const collator = new Intl.Collator();
/**
 * Keys of digits, hyphens and letters of one case (days, months, dealer ids, VINs) sort in the collator's
 * order when compared by code unit: hyphen before digits before letters, letters alphabetically, a prefix
 * first (report-query.spec.ts checks it against localeCompare). Comparing them so is what lets a year of
 * vehicles, ten thousand rows and more, be sorted within the report's time.
 */
const ORDINAL_LIKE_COLLATOR = /^(?:[-0-9A-Z]*|[-0-9a-z]*)$/;

/** localeCompare's order; by code unit when both keys are `ORDINAL_LIKE_COLLATOR`, where it is the same. */
export function compareText(a: string, b: string, ordinal: boolean): number {
  if (ordinal) return a < b ? -1 : a > b ? 1 : 0;
  return collator.compare(a, b);
}

/**
 * Groups in the order of their keys (period, then group), as localeCompare orders them. Those whose keys
 * are all ORDINAL_LIKE_COLLATOR (nearly all) sort by their joined id, natively; the few others (`(none)`,
 * a category with an underscore) with the collator; then the two lists merge.
 */
function sortedByKeys(groups: Group[]): Group[] {
  const byId = new Map<string, Group>();
  const others: Group[] = [];
  for (const group of groups)
    if (group.keys.every((key) => ORDINAL_LIKE_COLLATOR.test(key))) byId.set(group.id, group);
    else others.push(group);
  const ordinal = [...byId.keys()].sort().map((id) => byId.get(id)!);
  if (others.length === 0) return ordinal;
  const compare = (a: Group, b: Group): number => {
    for (let index = 0; index < a.keys.length; index++) {
      const order = compareText(a.keys[index]!, b.keys[index]!, false);
      if (order !== 0) return order;
    }
    return 0;
  };
  others.sort(compare);
  const merged: Group[] = [];
  let [i, j] = [0, 0];
  while (i < ordinal.length || j < others.length)
    merged.push(
      j >= others.length || (i < ordinal.length && compare(ordinal[i]!, others[j]!) <= 0)
        ? ordinal[i++]!
        : others[j++]!,
    );
  return merged;
}
