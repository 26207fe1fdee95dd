import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import {
  GROUPING_COLUMNS,
  NO_VALUE,
  REPORT_DEFINITIONS,
  ReportsProjection,
  reportFactsOf,
  runReport,
  type ReportDefinition,
  type ReportQuery,
} from '../../libs/reports/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';
import { reportWorkload } from '../bench/report-workload.js';

// Every report and grouping, read from the month and day cells, gives the rows of the report summed row by
// row (as the reports were read before the month cells: every filed row its own cell), over a year of the
// bench's after-sales work: whole months, months with a ragged edge, one day, a dealer, a region's scope.

interface FiledRow {
  readonly day: string;
  readonly dealer_id: string;
  readonly region_id: string;
  readonly dims: string;
  readonly vals: string;
}

/** The report from its filed rows, grouped and summed as reports were before month cells and details. */
function reportFromRows(db: Database.Database, definition: ReportDefinition, query: ReportQuery) {
  const groupBy = query.groupBy ?? definition.defaultGroupBy;
  const rows = db
    .prepare<[string], FiledRow>(
      'SELECT day, dealer_id, region_id, dims, vals FROM reports_rows WHERE topic = ?',
    )
    .all(definition.topic)
    .filter(
      (row) =>
        (query.from === undefined || row.day >= query.from) &&
        (query.to === undefined || row.day <= query.to) &&
        (query.dealerId === undefined || row.dealer_id === query.dealerId) &&
        (query.regionId === undefined || row.region_id === query.regionId) &&
        (query.scope.kind === 'all' ||
          row.dealer_id === query.scope.dealerId ||
          row.region_id === query.scope.regionId),
    );
  const groupOf = (row: FiledRow, dims: Record<string, string | null>, by: string): string =>
    by === 'all'
      ? 'all'
      : by === 'day'
        ? row.day
        : by === 'month'
          ? row.day.slice(0, 7)
          : by === 'dealer'
            ? row.dealer_id || NO_VALUE
            : by === 'region'
              ? row.region_id || NO_VALUE
              : (dims[by === 'vehicle' ? 'vin' : by] ?? NO_VALUE);
  const groups = new Map<string, { keys: string[]; sums: Record<string, number>; distinct: Set<string> }>();
  for (const row of rows) {
    const dims = JSON.parse(row.dims) as Record<string, string | null>;
    const keys = [
      ...(definition.period === null ? [] : [groupOf(row, dims, definition.period)]),
      groupOf(row, dims, groupBy),
    ];
    const group = groups.get(keys.join('\u0000')) ?? { keys, sums: {}, distinct: new Set<string>() };
    groups.set(keys.join('\u0000'), group);
    const vals = JSON.parse(row.vals) as Record<string, unknown>;
    for (const [field, value] of Object.entries(vals))
      if (typeof value === 'number') group.sums[field] = (group.sums[field] ?? 0) + value;
    const distinct = definition.distinct;
    if (distinct !== undefined && (vals[distinct.when] ?? 0) !== 0 && dims[distinct.dim] != null)
      group.distinct.add(dims[distinct.dim]!);
  }
  const keyColumns = [...(definition.period === null ? [] : [definition.period]), groupBy].map(
    (id) => GROUPING_COLUMNS[id]!.id,
  );
  return [...groups.values()]
    .sort((a, b) => a.keys[0]!.localeCompare(b.keys[0]!) || (a.keys[1] ?? '').localeCompare(b.keys[1] ?? ''))
    .map((group) => ({
      ...Object.fromEntries(keyColumns.map((id, index) => [id, group.keys[index]!])),
      ...definition.values(group.sums, group.distinct.size),
    }));
}

const db = new Database(':memory:');
const projection = new ReportsProjection(reportFactsOf(loadRegisteredWorkflows({})));
projection.setup(db);
// Pages of a few hundred events, as the projection runner feeds them: cells change across pages.
let page: Parameters<ReportsProjection['applyBatch']>[1][number][] = [];
for (const events of reportWorkload(12_000)) {
  page.push(...events);
  if (page.length >= 300) {
    projection.applyBatch(db, page);
    page = [];
  }
}
projection.applyBatch(db, page);

const queries: ReportQuery[] = [
  { scope: { kind: 'all' } },
  { scope: { kind: 'all' }, from: '2025-06-01', to: '2025-06-30' },
  { scope: { kind: 'all' }, from: '2025-05-17', to: '2025-08-03' },
  { scope: { kind: 'all' }, from: '2025-07-09', to: '2025-07-09' },
  { scope: { kind: 'all' }, from: '2025-11-15' },
  { scope: { kind: 'all' }, to: '2025-04-30' },
  { scope: { kind: 'all' }, to: '2025-04-12' },
  { scope: { kind: 'all' }, dealerId: 'D004', from: '2025-04-02', to: '2025-12-31' },
  { scope: { kind: 'owners', dealerId: 'D007', regionId: 'R7' } },
  { scope: { kind: 'owners', regionId: 'R3' }, from: '2025-04-01', to: '2025-09-30' },
  { scope: { kind: 'owners' } },
];

describe('reports read from month and day cells', () => {
  it('files the work in both: fewer month cells than day cells, the vehicles kept in the details', () => {
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('reports_month_cells')).toBeLessThan(count('reports_cells'));
    const keys = db
      .prepare("SELECT DISTINCT dims FROM reports_cells WHERE topic = 'warranty-cost'")
      .pluck()
      .all();
    expect(keys.sort()).toEqual(['{"model":"Sagitar"}', '{"model":"Tiguan"}', '{"model":null}']);
    const details = db
      .prepare("SELECT detail FROM reports_month_cells WHERE topic = 'warranty-cost'")
      .pluck()
      .all() as string[];
    expect(details.every((detail) => detail.startsWith('["vin",'))).toBe(true);
  });

  for (const definition of REPORT_DEFINITIONS)
    for (const groupBy of definition.groupings)
      it(`${definition.name} by ${groupBy}: the rows summed from the filed rows, for every span and scope`, () => {
        for (const query of queries) {
          const asked = { ...query, groupBy };
          const rows = runReport(db, definition, asked).rows;
          expect({ asked, rows }).toEqual({ asked, rows: reportFromRows(db, definition, asked) });
          if (query === queries[0]) expect(rows.length).toBeGreaterThan(0);
        }
      });
});
