import Database from 'better-sqlite3';
import type { RecordedEvent } from '../../libs/kernel/index.js';
import {
  CELL_TABLES,
  REPORT_DEFINITIONS,
  ReportsProjection,
  reportFactsOf,
  runReport,
  type ReportQuery,
} from '../../libs/reports/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';
import { percentile, type Row } from './bench-row.js';
import { reportWorkload } from './report-workload.js';

/** Events the reports are built from; `BENCH_REPORT_EVENTS` makes a quicker run (the target is 1M). */
const EVENTS = Number(process.env.BENCH_REPORT_EVENTS ?? 1_000_000);
const QUERIES_PER_REPORT = 200;

/**
 * The reports against a year of after-sales work for 50 dealers in 10 regions (report-workload.ts):
 * `EVENTS` events through the reports projection, then each report queried `QUERIES_PER_REPORT` times in
 * turn — the whole year, one month, one dealer's scope, a region's half year — and its p99. A report reads
 * the month cells of the whole months of its span and the day cells of the rest, so its cost follows
 * months (or days) × dealers × groups, not the events.
 */
export async function benchReports(): Promise<Row[]> {
  const db = new Database(':memory:');
  const projection = new ReportsProjection(reportFactsOf(loadRegisteredWorkflows({})));
  projection.setup(db);
  const started = performance.now();
  let cases = 0;
  let batch: RecordedEvent[] = [];
  // In pages, as the projection runner feeds it: one transaction and one applyBatch per page.
  const flush = db.transaction((events: RecordedEvent[]) => projection.applyBatch(db, events));
  let position = 0;
  for (const events of reportWorkload(EVENTS)) {
    batch.push(...events);
    position += events.length;
    cases += 1;
    if (batch.length >= 5_000) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  const projectSeconds = (performance.now() - started) / 1000;
  const count = (table: string): number =>
    (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const cells = count(CELL_TABLES.day);
  const monthCells = count(CELL_TABLES.month);

  const queries: ReportQuery[] = [
    { scope: { kind: 'all' } },
    { scope: { kind: 'all' }, from: '2025-06-01', to: '2025-06-30' },
    { scope: { kind: 'owners', dealerId: 'D007', regionId: 'R7' } },
    { scope: { kind: 'owners', regionId: 'R3' }, from: '2025-04-01', to: '2025-09-30' },
  ];
  const rows: Row[] = [
    {
      name: `reports projection, ${EVENTS.toLocaleString('en-US')} events`,
      value: position / projectSeconds,
      unit: 'events/s',
      note: `in memory, pages of 5,000, ${cases.toLocaleString('en-US')} cases, ${cells.toLocaleString('en-US')} day cells, ${monthCells.toLocaleString('en-US')} month cells`,
    },
  ];
  const all: number[] = [];
  for (const definition of REPORT_DEFINITIONS) {
    const times: number[] = [];
    for (let round = 0; round < QUERIES_PER_REPORT; round++) {
      const query = queries[round % queries.length]!;
      const queryStarted = performance.now();
      const result = runReport(db, definition, {
        ...query,
        groupBy: definition.groupings[round % definition.groupings.length]!,
      });
      times.push(performance.now() - queryStarted);
      // A report of nothing measures nothing: the facts did not reach the cells.
      if (round === 0 && result.rows.length === 0) throw new Error(`${definition.name}: no rows`);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    rows.push({
      name: `report ${definition.name} p99`,
      value: percentile(times, 99),
      unit: 'ms',
      note: `p50 ${percentile(times, 50).toFixed(2)} ms over ${QUERIES_PER_REPORT} queries (year, month, dealer, region; every grouping)`,
    });
  }
  all.sort((a, b) => a - b);
  rows.push({
    name: `every report p99, ${EVENTS.toLocaleString('en-US')} events`,
    value: percentile(all, 99),
    unit: 'ms',
    note: 'target ≤ 50 ms with 1M events (issue #25)',
  });
  db.close();
  return rows;
}
