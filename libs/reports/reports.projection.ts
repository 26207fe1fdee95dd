import type Database from 'better-sqlite3';
import type { RecordedEvent, ReportFacts, WorkflowModule } from '../kernel/index.js';
import {
  caseOwnerOf,
  prepared,
  recordCaseOwner,
  setupCaseOwners,
  type Projection,
} from '../projections/index.js';
import { detailDimsOf, encodeDetail } from './cell-detail.js';
import { REPORT_DEFINITIONS } from './report-definitions.js';
import {
  CELL_TABLES,
  ReportDecisions,
  cellAfter,
  type CellAfter,
  type CellTable,
  type ReportRow,
  type ReportRowStore,
} from './report-rows.js';

const cellTableSql = (table: CellTable): string => `
      CREATE TABLE IF NOT EXISTS ${table} (
        topic TEXT NOT NULL,
        period TEXT NOT NULL,
        dealer_id TEXT NOT NULL,
        region_id TEXT NOT NULL,
        dims TEXT NOT NULL,
        sums TEXT NOT NULL,
        detail TEXT,
        PRIMARY KEY (topic, period, dealer_id, region_id, dims)
      ) WITHOUT ROWID;`;

/** The workflows' report facts by case type. */
export function reportFactsOf(modules: readonly WorkflowModule[]): Map<string, ReportFacts> {
  const byCaseType = new Map<string, ReportFacts>();
  for (const module of modules) if (module.reportFacts) byCaseType.set(module.caseType, module.reportFacts);
  return byCaseType;
}

/**
 * The reports' read model (docs/reports.md). Each workflow's facts keep one row per (topic, key) with the
 * row's values, and every row's numeric values are summed into its cells: (topic, local day, dealer,
 * region, dims) and the same with the local month. When a row's values change, its cells lose the old
 * values and gain the new ones, so a cell always equals the sum of its rows, and a report reads cells (a
 * few per month or day and dealer), never rows or events. A topic's detail dimension (the vehicle, see
 * cell-detail.ts) is not part of the cell's key: each cell keeps the sums per vehicle in its detail.
 * Owners come from the case's first event, as for the deadlines. The decisions are `ReportDecisions`
 * (report-rows.ts), shared with the PostgreSQL read model.
 */
export class ReportsProjection implements Projection {
  readonly name = 'reports';
  /** 2: month cells, and the vehicle moved from the cells' key into their detail. */
  readonly version = 2;
  private readonly decisions: ReportDecisions;

  constructor(
    facts: ReadonlyMap<string, ReportFacts>,
    /** The detail dimension by topic; by default those the shipped reports count distinct values of. */
    detailDims: ReadonlyMap<string, string> = detailDimsOf(REPORT_DEFINITIONS),
  ) {
    this.decisions = new ReportDecisions(facts, detailDims);
  }

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS reports_rows (
        topic TEXT NOT NULL,
        key TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        day TEXT NOT NULL,
        dealer_id TEXT NOT NULL,
        region_id TEXT NOT NULL,
        dims TEXT NOT NULL,
        repeat_key TEXT,
        vals TEXT NOT NULL,
        PRIMARY KEY (topic, key)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS reports_rows_repeat ON reports_rows (topic, repeat_key, opened_at)
        WHERE repeat_key IS NOT NULL;
      ${cellTableSql(CELL_TABLES.day)}
      ${cellTableSql(CELL_TABLES.month)}
    `);
    setupCaseOwners(db);
  }

  teardown(db: Database.Database): void {
    db.exec(
      `DROP TABLE IF EXISTS reports_rows; DROP TABLE IF EXISTS ${CELL_TABLES.day}; DROP TABLE IF EXISTS ${CELL_TABLES.month};`,
    );
  }

  /** The rows change fact by fact; each cell the batch changed is read and written once at its end. */
  applyBatch(db: Database.Database, events: readonly RecordedEvent[]): void {
    const changes = this.decisions.apply(new SqliteReportRows(db), this.decisions.batchOf(events));
    for (const change of changes) {
      const stored = prepared<string[], { sums: string; detail: string | null }>(
        db,
        `SELECT sums, detail FROM ${change.table}
         WHERE topic = ? AND period = ? AND dealer_id = ? AND region_id = ? AND dims = ?`,
      ).get(...change.key);
      writeCell(db, cellAfter(change, stored));
    }
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    this.applyBatch(db, [event]);
  }
}

/** The report rows read and written one statement at a time. */
class SqliteReportRows implements ReportRowStore {
  constructor(private readonly db: Database.Database) {}

  row(topic: string, key: string): ReportRow | undefined {
    return prepared<[string, string], ReportRow>(
      this.db,
      'SELECT opened_at, day, dealer_id, region_id, dims, vals FROM reports_rows WHERE topic = ? AND key = ?',
    ).get(topic, key);
  }

  insertRow(topic: string, key: string, row: ReportRow, repeatKey: string | null): void {
    prepared(
      this.db,
      `INSERT INTO reports_rows (topic, key, opened_at, day, dealer_id, region_id, dims, repeat_key, vals)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(topic, key, row.opened_at, row.day, row.dealer_id, row.region_id, row.dims, repeatKey, row.vals);
  }

  setVals(topic: string, key: string, vals: string): void {
    prepared(this.db, 'UPDATE reports_rows SET vals = ? WHERE topic = ? AND key = ?').run(vals, topic, key);
  }

  repeated(topic: string, repeatKey: string, since: string, until: string): boolean {
    return (
      prepared<[string, string, string, string], { one: number }>(
        this.db,
        `SELECT 1 AS one FROM reports_rows WHERE topic = ? AND repeat_key = ? AND opened_at >= ? AND opened_at <= ?
         LIMIT 1`,
      ).get(topic, repeatKey, since, until) !== undefined
    );
  }

  owner(caseId: string): { dealer_id: string | null; region_id: string | null } | undefined {
    return caseOwnerOf(this.db, caseId);
  }

  noteOwner(event: RecordedEvent): void {
    recordCaseOwner(this.db, event);
  }
}

function writeCell(db: Database.Database, cell: CellAfter): void {
  prepared(
    db,
    `INSERT INTO ${cell.table} (topic, period, dealer_id, region_id, dims, sums, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (topic, period, dealer_id, region_id, dims) DO UPDATE SET sums = excluded.sums, detail = excluded.detail`,
  ).run(...cell.key, JSON.stringify(cell.sums), cell.detail === undefined ? null : encodeDetail(cell.detail));
}
