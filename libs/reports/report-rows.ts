import type { EventMetadata, RecordedEvent, ReportFact, ReportFacts, ReportValue } from '../kernel/index.js';
import { decodeDetail, type CellDetail } from './cell-detail.js';
import { reportDayOf, secondsFrom } from './report-day.js';

type Values = Record<string, ReportValue>;

/** A report row: one per (topic, key), filed by the local day and owner it was opened with. */
export interface ReportRow {
  readonly opened_at: string;
  readonly day: string;
  readonly dealer_id: string;
  readonly region_id: string;
  readonly dims: string;
  readonly vals: string;
}

/** The two tables of cells: by local day (YYYY-MM-DD) and by local month (YYYY-MM), the same columns. */
export const CELL_TABLES = { day: 'reports_cells', month: 'reports_month_cells' } as const;
export type CellTable = (typeof CELL_TABLES)[keyof typeof CELL_TABLES];
export type CellKey = [topic: string, period: string, dealerId: string, regionId: string, dims: string];

/** A cell after a batch: its key, sums and, for a topic with a detail dimension, its detail. */
export interface CellAfter {
  readonly table: CellTable;
  readonly key: CellKey;
  readonly sums: Record<string, number>;
  readonly detail?: CellDetail;
}

/** A cell as stored (JSON sums, encoded detail), or undefined when it has none yet. */
export type StoredCell = { readonly sums: string; readonly detail: string | null } | undefined;

/** What a batch changes in one cell: its rows' changes in log order, added one after the other. */
export interface CellChange {
  readonly table: CellTable;
  readonly key: CellKey;
  readonly detailDim: string | undefined;
  readonly deltas: { readonly delta: ReadonlyMap<string, number>; readonly value: string | null }[];
}

/**
 * The report rows as the decisions read and write them, synchronously: over SQLite each call is a
 * statement; over PostgreSQL the rows a batch can read are read before it (`ReportBatch.keys`).
 */
export interface ReportRowStore {
  row(topic: string, key: string): ReportRow | undefined;
  insertRow(topic: string, key: string, row: ReportRow, repeatKey: string | null): void;
  setVals(topic: string, key: string, vals: string): void;
  /** Whether a row of the topic with this repeat key was opened within [since, until]. */
  repeated(topic: string, repeatKey: string, since: string, until: string): boolean;
  /** The case's owner as its first event named it (`case_owners`). */
  owner(caseId: string): { dealer_id: string | null; region_id: string | null } | undefined;
  /** Records the owner when `event` is its case's first event. */
  noteOwner(event: RecordedEvent): void;
}

/** An event of a workflow with report facts, and the facts it states (none for the rest of its events). */
interface ReportedEvent {
  readonly event: RecordedEvent;
  readonly caseId: string;
  readonly occurredAt: string;
  readonly facts: readonly ReportFact[];
}

/** A batch's events with their facts, and the keys of every row the decisions can read for them. */
export interface ReportBatch {
  readonly events: readonly ReportedEvent[];
  readonly keys: {
    readonly rows: readonly (readonly [topic: string, key: string])[];
    readonly repeats: readonly (readonly [topic: string, repeatKey: string])[];
    readonly caseIds: readonly string[];
  };
}

/**
 * The decisions of the reports' read model (reports.projection.ts says what it keeps), shared by SQLite
 * and PostgreSQL: the same events give the same rows and the same cell changes, which each side adds to
 * its stored cells in the same order (`cellAfter`), so even fractional sums come out the same.
 */
export class ReportDecisions {
  /** A row's dims split into the cell's key and its detail value, by the row's dims text. */
  private readonly splitDims = new Map<string, { key: string; value: string | null }>();

  constructor(
    private readonly facts: ReadonlyMap<string, ReportFacts>,
    /** The detail dimension by topic. */
    private readonly detailDims: ReadonlyMap<string, string>,
  ) {}

  batchOf(events: readonly RecordedEvent[]): ReportBatch {
    const reported: ReportedEvent[] = [];
    const rows = new Map<string, readonly [string, string]>();
    const repeats = new Map<string, readonly [string, string]>();
    const caseIds = new Set<string>();
    for (const event of events) {
      const metadata = event.metadata as unknown as EventMetadata;
      const byType = this.facts.get(metadata.caseType);
      if (byType === undefined) continue;
      const stated = byType[event.type];
      const facts =
        stated === undefined
          ? []
          : stated({
              type: event.type,
              data: (event.data ?? {}) as Readonly<Record<string, unknown>>,
              caseId: metadata.caseId,
              eventId: event.eventId,
              occurredAt: metadata.occurredAt,
              fromState: metadata.fromState,
              toState: metadata.toState,
            });
      reported.push({ event, caseId: metadata.caseId, occurredAt: metadata.occurredAt, facts });
      caseIds.add(metadata.caseId);
      for (const fact of facts) {
        const key = fact.key ?? metadata.caseId;
        rows.set(JSON.stringify([fact.topic, key]), [fact.topic, key]);
        const repeat = fact.open?.repeatOf;
        if (repeat !== undefined && repeat.key !== '')
          repeats.set(JSON.stringify([fact.topic, repeat.key]), [fact.topic, repeat.key]);
      }
    }
    return {
      events: reported,
      keys: { rows: [...rows.values()], repeats: [...repeats.values()], caseIds: [...caseIds] },
    };
  }

  /** Applies the batch's facts to the rows and answers what they change in which cells. */
  apply(store: ReportRowStore, batch: ReportBatch): CellChange[] {
    const changes = new Map<string, CellChange>();
    for (const { event, caseId, occurredAt, facts } of batch.events) {
      store.noteOwner(event);
      for (const fact of facts) this.applyFact(store, changes, fact, caseId, occurredAt);
    }
    return [...changes.values()];
  }

  private applyFact(
    store: ReportRowStore,
    changes: Map<string, CellChange>,
    fact: ReportFact,
    caseId: string,
    occurredAt: string,
  ): void {
    const key = fact.key ?? caseId;
    let row = store.row(fact.topic, key);
    // A row opened now starts with nothing in its cell; its first values (the repeat flag) come with the fact's.
    let initial: Values = {};
    if (row === undefined) {
      if (fact.open === undefined) return;
      const opened = this.open(store, fact, key, caseId);
      if (opened === undefined) return;
      row = opened.row;
      initial = opened.initial;
    }
    const before = JSON.parse(row.vals) as Values;
    const after: Values = { ...before, ...initial, ...(fact.set ?? {}) };
    for (const field of fact.elapsed ?? []) after[field] = secondsFrom(row.opened_at, occurredAt);
    store.setVals(fact.topic, key, JSON.stringify(after));
    this.addToCells(changes, fact.topic, row, before, after);
  }

  private open(
    store: ReportRowStore,
    fact: ReportFact,
    key: string,
    caseId: string,
  ): { row: ReportRow; initial: Values } | undefined {
    const open = fact.open!;
    const day = reportDayOf(open.at);
    if (day === null) return undefined;
    const openedAt = new Date(Date.parse(open.at)).toISOString();
    const owner = store.owner(caseId);
    const vals: Values = {};
    const repeat = open.repeatOf;
    const repeatKey = repeat !== undefined && repeat.key !== '' ? repeat.key : null;
    if (repeatKey !== null) {
      const since = new Date(Date.parse(openedAt) - repeat!.withinDays * 86_400_000).toISOString();
      if (store.repeated(fact.topic, repeatKey, since, openedAt)) vals.repeat = 1;
    }
    const row: ReportRow = {
      opened_at: openedAt,
      day,
      dealer_id: owner?.dealer_id ?? '',
      region_id: owner?.region_id ?? '',
      dims: JSON.stringify(open.dims ?? {}),
      vals: '{}',
    };
    store.insertRow(fact.topic, key, row, repeatKey);
    // The repeat flag is a value like any other: it reaches the cell with the fact's own values.
    return { row, initial: vals };
  }

  private addToCells(
    changes: Map<string, CellChange>,
    topic: string,
    row: ReportRow,
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
      const key: CellKey = [topic, period, row.dealer_id, row.region_id, dims.key];
      const id = `${table}\u0000${key.join('\u0000')}`;
      let change = changes.get(id);
      if (change === undefined) {
        change = { table, key, detailDim, deltas: [] };
        changes.set(id, change);
      }
      change.deltas.push({ delta, value: dims.value });
    }
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

/** A cell after its batch: the stored sums and detail with the batch's changes added in order. */
export function cellAfter(change: CellChange, stored: StoredCell): CellAfter {
  const sums = stored === undefined ? {} : (JSON.parse(stored.sums) as Record<string, number>);
  const detail =
    change.detailDim === undefined
      ? undefined
      : stored?.detail != null
        ? decodeDetail(stored.detail)
        : { dim: change.detailDim, values: new Map<string | null, Record<string, number>>() };
  for (const { delta, value } of change.deltas) {
    addDelta(sums, delta);
    if (detail !== undefined) {
      const valueSums = detail.values.get(value) ?? {};
      addDelta(valueSums, delta);
      detail.values.set(value, valueSums);
    }
  }
  return { table: change.table, key: change.key, sums, ...(detail !== undefined ? { detail } : {}) };
}

/** Adds a row's change to a cell's sums; a field summing to zero is dropped, as if never there. */
function addDelta(sums: Record<string, number>, delta: ReadonlyMap<string, number>): void {
  for (const [field, value] of delta) {
    const sum = (sums[field] ?? 0) + value;
    if (sum === 0) delete sums[field];
    else sums[field] = sum;
  }
}
