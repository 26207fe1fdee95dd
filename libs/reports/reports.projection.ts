import type Database from 'better-sqlite3';
import {
  caseOwnerOf,
  prepared,
  recordCaseOwner,
  setupCaseOwners,
  type Projection,
} from '../projections/index.js';
import type {
  EventMetadata,
  RecordedEvent,
  ReportFact,
  ReportFacts,
  ReportValue,
  WorkflowModule,
} from '../kernel/index.js';
import { decodeDetail, detailDimsOf, encodeDetail, type CellDetail } from './cell-detail.js';
import { reportDayOf, secondsFrom } from './report-day.js';
import { REPORT_DEFINITIONS } from './report-definitions.js';

type Values = Record<string, ReportValue>;

interface RowRecord {
  readonly opened_at: string;
  readonly day: string;
  readonly dealer_id: string;
  readonly region_id: string;
  readonly dims: string;
  readonly vals: string;
}

/** The two tables of cells: by local day (YYYY-MM-DD) and by local month (YYYY-MM), the same columns. */
export const CELL_TABLES = { day: 'reports_cells', month: 'reports_month_cells' } as const;
type CellTable = (typeof CELL_TABLES)[keyof typeof CELL_TABLES];

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
 * Owners come from the case's first event, as for the deadlines.
 */
export class ReportsProjection implements Projection {
  readonly name = 'reports';
  /** 2: month cells, and the vehicle moved from the cells' key into their detail. */
  readonly version = 2;

  constructor(
    private readonly facts: ReadonlyMap<string, ReportFacts>,
    /** The detail dimension by topic; by default those the shipped reports count distinct values of. */
    private readonly detailDims: ReadonlyMap<string, string> = detailDimsOf(REPORT_DEFINITIONS),
  ) {}

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

  /** Cells changed by the batch being applied, written once at its end (many facts share a cell). */
  private pendingCells: Map<string, PendingCell> | undefined;
  /** A row's dims split into the cell's key and its detail value, by the row's dims text. */
  private readonly splitDims = new Map<string, { key: string; value: string | null }>();

  applyBatch(db: Database.Database, events: readonly RecordedEvent[]): void {
    this.pendingCells = new Map();
    try {
      for (const event of events) this.applyOne(db, event);
      for (const cell of this.pendingCells.values()) writeCell(db, cell);
    } finally {
      this.pendingCells = undefined;
    }
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    this.applyBatch(db, [event]);
  }

  private applyOne(db: Database.Database, event: RecordedEvent): void {
    const metadata = event.metadata as unknown as EventMetadata;
    const facts = this.facts.get(metadata.caseType)?.[event.type];
    if (facts === undefined) {
      if (this.facts.has(metadata.caseType)) recordCaseOwner(db, event);
      return;
    }
    recordCaseOwner(db, event);
    const reported = {
      type: event.type,
      data: (event.data ?? {}) as Readonly<Record<string, unknown>>,
      caseId: metadata.caseId,
      eventId: event.eventId,
      occurredAt: metadata.occurredAt,
      fromState: metadata.fromState,
      toState: metadata.toState,
    };
    for (const fact of facts(reported)) this.applyFact(db, fact, metadata.caseId, metadata.occurredAt);
  }

  private applyFact(db: Database.Database, fact: ReportFact, caseId: string, occurredAt: string): void {
    const key = fact.key ?? caseId;
    let row = prepared<[string, string], RowRecord>(
      db,
      'SELECT opened_at, day, dealer_id, region_id, dims, vals FROM reports_rows WHERE topic = ? AND key = ?',
    ).get(fact.topic, key);
    // A row opened now starts with nothing in its cell; its first values (the repeat flag) come with the fact's.
    let initial: Values = {};
    if (row === undefined) {
      if (fact.open === undefined) return;
      const opened = this.open(db, fact, key, caseId);
      if (opened === undefined) return;
      row = opened.row;
      initial = opened.initial;
    }
    const before = JSON.parse(row.vals) as Values;
    const after: Values = { ...before, ...initial, ...(fact.set ?? {}) };
    for (const field of fact.elapsed ?? []) after[field] = secondsFrom(row.opened_at, occurredAt);
    prepared(db, 'UPDATE reports_rows SET vals = ? WHERE topic = ? AND key = ?').run(
      JSON.stringify(after),
      fact.topic,
      key,
    );
    this.addToCell(db, fact.topic, row, before, after);
  }

  private open(
    db: Database.Database,
    fact: ReportFact,
    key: string,
    caseId: string,
  ): { row: RowRecord; initial: Values } | undefined {
    const open = fact.open!;
    const day = reportDayOf(open.at);
    if (day === null) return undefined;
    const openedAt = new Date(Date.parse(open.at)).toISOString();
    const owner = caseOwnerOf(db, caseId);
    const vals: Values = {};
    const repeat = open.repeatOf;
    if (repeat !== undefined && repeat.key !== '') {
      const since = new Date(Date.parse(openedAt) - repeat.withinDays * 86_400_000).toISOString();
      const earlier = prepared<[string, string, string, string], { one: number }>(
        db,
        `SELECT 1 AS one FROM reports_rows WHERE topic = ? AND repeat_key = ? AND opened_at >= ? AND opened_at <= ?
         LIMIT 1`,
      ).get(fact.topic, repeat.key, since, openedAt);
      if (earlier !== undefined) vals.repeat = 1;
    }
    const row: RowRecord = {
      opened_at: openedAt,
      day,
      dealer_id: owner?.dealer_id ?? '',
      region_id: owner?.region_id ?? '',
      dims: JSON.stringify(open.dims ?? {}),
      vals: '{}',
    };
    prepared(
      db,
      `INSERT INTO reports_rows (topic, key, opened_at, day, dealer_id, region_id, dims, repeat_key, vals)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      fact.topic,
      key,
      row.opened_at,
      row.day,
      row.dealer_id,
      row.region_id,
      row.dims,
      repeat !== undefined && repeat.key !== '' ? repeat.key : null,
      '{}',
    );
    // The repeat flag is a value like any other: it reaches the cell with the fact's own values.
    return { row, initial: vals };
  }

  private addToCell(
    db: Database.Database,
    topic: string,
    row: RowRecord,
    before: Values,
    after: Values,
  ): void {
    const delta = new Map<string, number>();
    for (const [field, value] of Object.entries(after))
      if (typeof value === 'number') delta.set(field, value);
    for (const [field, value] of Object.entries(before))
      if (typeof value === 'number') delta.set(field, (delta.get(field) ?? 0) - value);
    if ([...delta.values()].every((value) => value === 0)) return;
    const detailDim = this.detailDims.get(topic);
    const dims = detailDim === undefined ? { key: row.dims, value: null } : this.split(row.dims, detailDim);
    for (const [table, period] of [
      [CELL_TABLES.day, row.day],
      [CELL_TABLES.month, row.day.slice(0, 7)],
    ] as const) {
      const cell = this.cellOf(db, table, [topic, period, row.dealer_id, row.region_id, dims.key], detailDim);
      addDelta(cell.sums, delta);
      if (cell.detail !== undefined) {
        const sums = cell.detail.values.get(dims.value) ?? {};
        addDelta(sums, delta);
        cell.detail.values.set(dims.value, sums);
      }
      if (this.pendingCells === undefined) writeCell(db, cell);
    }
  }

  private cellOf(
    db: Database.Database,
    table: CellTable,
    key: CellKey,
    detailDim: string | undefined,
  ): PendingCell {
    const id = `${table}\u0000${key.join('\u0000')}`;
    let cell = this.pendingCells?.get(id);
    if (cell !== undefined) return cell;
    const stored = prepared<CellKey, { sums: string; detail: string | null }>(
      db,
      `SELECT sums, detail FROM ${table}
       WHERE topic = ? AND period = ? AND dealer_id = ? AND region_id = ? AND dims = ?`,
    ).get(...key);
    cell = {
      table,
      key,
      sums: stored === undefined ? {} : (JSON.parse(stored.sums) as Record<string, number>),
      ...(detailDim === undefined
        ? {}
        : {
            detail:
              stored?.detail != null ? decodeDetail(stored.detail) : { dim: detailDim, values: new Map() },
          }),
    };
    this.pendingCells?.set(id, cell);
    return cell;
  }

  /** The cell key of a row's dims without the detail dimension, and the row's value of it. */
  private split(dims: string, detailDim: string): { key: string; value: string | null } {
    let split = this.splitDims.get(dims);
    if (split === undefined) {
      const { [detailDim]: value, ...rest } = JSON.parse(dims) as Record<string, string | null>;
      split = { key: JSON.stringify(rest), value: value ?? null };
      if (this.splitDims.size > 100_000) this.splitDims.clear();
      this.splitDims.set(dims, split);
    }
    return split;
  }
}

/** Adds a row's change to a cell's sums; a field summing to zero is dropped, as if never there. */
function addDelta(sums: Record<string, number>, delta: ReadonlyMap<string, number>): void {
  for (const [field, value] of delta) {
    const sum = (sums[field] ?? 0) + value;
    if (sum === 0) delete sums[field];
    else sums[field] = sum;
  }
}

interface PendingCell {
  readonly table: CellTable;
  readonly key: CellKey;
  readonly sums: Record<string, number>;
  readonly detail?: CellDetail;
}

type CellKey = [topic: string, period: string, dealerId: string, regionId: string, dims: string];

function writeCell(db: Database.Database, cell: PendingCell): void {
  prepared(
    db,
    `INSERT INTO ${cell.table} (topic, period, dealer_id, region_id, dims, sums, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (topic, period, dealer_id, region_id, dims) DO UPDATE SET sums = excluded.sums, detail = excluded.detail`,
  ).run(...cell.key, JSON.stringify(cell.sums), cell.detail === undefined ? null : encodeDetail(cell.detail));
}
