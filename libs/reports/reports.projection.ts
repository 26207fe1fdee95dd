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
import { reportDayOf, secondsFrom } from './report-day.js';

type Values = Record<string, ReportValue>;

interface RowRecord {
  readonly opened_at: string;
  readonly day: string;
  readonly dealer_id: string;
  readonly region_id: string;
  readonly dims: string;
  readonly vals: string;
}

/** A cell: the sums of every row of a topic filed on one day, for one dealer and region, with the same dims. */
export interface ReportCell {
  readonly day: string;
  readonly dealer_id: string;
  readonly region_id: string;
  readonly dims: string;
  readonly sums: string;
}

/** The workflows' report facts by case type. */
export function reportFactsOf(modules: readonly WorkflowModule[]): Map<string, ReportFacts> {
  const byCaseType = new Map<string, ReportFacts>();
  for (const module of modules) if (module.reportFacts) byCaseType.set(module.caseType, module.reportFacts);
  return byCaseType;
}

/**
 * The reports' read model (docs/reports.md). Each workflow's facts keep one row per (topic, key) with the
 * row's values, and every row's numeric values are summed into its cell: (topic, local day, dealer,
 * region, dims). When a row's values change, its cell loses the old values and gains the new ones, so a
 * cell always equals the sum of its rows, and a report reads cells (a few per day and dealer), never rows
 * or events. Owners come from the case's first event, as for the deadlines.
 */
export class ReportsProjection implements Projection {
  readonly name = 'reports';
  readonly version = 1;

  constructor(private readonly facts: ReadonlyMap<string, ReportFacts>) {}

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
      CREATE TABLE IF NOT EXISTS reports_cells (
        topic TEXT NOT NULL,
        day TEXT NOT NULL,
        dealer_id TEXT NOT NULL,
        region_id TEXT NOT NULL,
        dims TEXT NOT NULL,
        sums TEXT NOT NULL,
        PRIMARY KEY (topic, day, dealer_id, region_id, dims)
      ) WITHOUT ROWID;
    `);
    setupCaseOwners(db);
  }

  teardown(db: Database.Database): void {
    db.exec('DROP TABLE IF EXISTS reports_rows; DROP TABLE IF EXISTS reports_cells;');
  }

  /** Cells changed by the batch being applied, written once at its end (many facts share a cell). */
  private pendingCells: Map<string, { key: CellKey; sums: Record<string, number> }> | undefined;

  applyBatch(db: Database.Database, events: readonly RecordedEvent[]): void {
    this.pendingCells = new Map();
    try {
      for (const event of events) this.applyOne(db, event);
      for (const { key, sums } of this.pendingCells.values()) writeCell(db, key, sums);
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
    const key: CellKey = [topic, row.day, row.dealer_id, row.region_id, row.dims];
    const id = key.join('\u0000');
    let cell = this.pendingCells?.get(id);
    if (cell === undefined) {
      const stored = prepared<CellKey, { sums: string }>(
        db,
        'SELECT sums FROM reports_cells WHERE topic = ? AND day = ? AND dealer_id = ? AND region_id = ? AND dims = ?',
      ).get(...key);
      cell = { key, sums: stored === undefined ? {} : (JSON.parse(stored.sums) as Record<string, number>) };
      this.pendingCells?.set(id, cell);
    }
    for (const [field, value] of delta) {
      const sum = (cell.sums[field] ?? 0) + value;
      if (sum === 0) delete cell.sums[field];
      else cell.sums[field] = sum;
    }
    if (this.pendingCells === undefined) writeCell(db, key, cell.sums);
  }
}

type CellKey = [topic: string, day: string, dealerId: string, regionId: string, dims: string];

function writeCell(db: Database.Database, key: CellKey, sums: Record<string, number>): void {
  prepared(
    db,
    `INSERT INTO reports_cells (topic, day, dealer_id, region_id, dims, sums) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (topic, day, dealer_id, region_id, dims) DO UPDATE SET sums = excluded.sums`,
  ).run(...key, JSON.stringify(sums));
}
