import type pg from 'pg';
import type { RecordedEvent, ReportFacts } from '../../kernel/index.js';
import type { PostgresProjection } from '../../projections/index.js';
import { detailDimsOf, encodeDetail } from '../cell-detail.js';
import { REPORT_DEFINITIONS } from '../report-definitions.js';
import { CELL_TABLES, ReportDecisions, cellAfter, type CellChange, type CellTable } from '../report-rows.js';
import { PostgresReportRows } from './postgres-report-rows.js';

const cellTableSql = (table: CellTable): string => `
  CREATE TABLE ${table} (
    topic text COLLATE "C" NOT NULL,
    period text COLLATE "C" NOT NULL,
    dealer_id text COLLATE "C" NOT NULL,
    region_id text COLLATE "C" NOT NULL,
    dims text COLLATE "C" NOT NULL,
    sums text NOT NULL,
    detail text,
    PRIMARY KEY (topic, period, dealer_id, region_id, dims)
  );`;

/**
 * The reports' read model in PostgreSQL: the same rows, cells and decisions (`ReportDecisions`) as
 * `ReportsProjection` in SQLite. Case owners are kept in a table of its own (`reports_owners`): the
 * SQLite `case_owners` is shared by projections of one node, which here may run on different nodes.
 * A batch reads the rows, repeats, owners and cells it touches once, and upserts each changed one once.
 */
export class PostgresReportsProjection implements PostgresProjection {
  readonly name = 'reports';
  readonly version = 1;
  private readonly decisions: ReportDecisions;

  constructor(
    facts: ReadonlyMap<string, ReportFacts>,
    detailDims: ReadonlyMap<string, string> = detailDimsOf(REPORT_DEFINITIONS),
  ) {
    this.decisions = new ReportDecisions(facts, detailDims);
  }

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      CREATE TABLE reports_rows (
        topic text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        opened_at text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        dealer_id text COLLATE "C" NOT NULL,
        region_id text COLLATE "C" NOT NULL,
        dims text COLLATE "C" NOT NULL,
        repeat_key text COLLATE "C",
        vals text NOT NULL,
        PRIMARY KEY (topic, key)
      );
      CREATE INDEX reports_rows_repeat ON reports_rows (topic, repeat_key, opened_at) WHERE repeat_key IS NOT NULL;
      CREATE TABLE reports_owners (
        case_id text COLLATE "C" PRIMARY KEY,
        dealer_id text COLLATE "C",
        region_id text COLLATE "C"
      );
      ${cellTableSql(CELL_TABLES.day)}
      ${cellTableSql(CELL_TABLES.month)}
    `);
  }

  async teardown(client: pg.ClientBase): Promise<void> {
    await client.query(
      `DROP TABLE IF EXISTS reports_rows; DROP TABLE IF EXISTS reports_owners;
       DROP TABLE IF EXISTS ${CELL_TABLES.day}; DROP TABLE IF EXISTS ${CELL_TABLES.month};`,
    );
  }

  async applyBatch(client: pg.ClientBase, events: readonly RecordedEvent[]): Promise<void> {
    const batch = this.decisions.batchOf(events);
    if (batch.events.length === 0) return;
    const rows = await PostgresReportRows.read(client, batch.keys);
    const changes = this.decisions.apply(rows, batch);
    await rows.write(client);
    for (const table of Object.values(CELL_TABLES))
      await writeCells(
        client,
        table,
        changes.filter((change) => change.table === table),
      );
  }
}

/** Reads the changed cells of one table, adds the batch's changes in order, upserts them. */
async function writeCells(
  client: pg.ClientBase,
  table: CellTable,
  changes: readonly CellChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const columns = [0, 1, 2, 3, 4].map((index) => changes.map((change) => change.key[index]));
  const { rows } = await client.query<{ id: string; sums: string; detail: string | null }>(
    `SELECT concat_ws(E'\\x01', topic, period, dealer_id, region_id, dims) AS id, sums, detail FROM ${table}
     WHERE (topic, period, dealer_id, region_id, dims) IN
       (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]))`,
    columns,
  );
  const stored = new Map(rows.map((row) => [row.id, row]));
  const cells = changes.map((change) => cellAfter(change, stored.get(change.key.join('\u0001'))));
  await client.query(
    `INSERT INTO ${table} SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
     ON CONFLICT (topic, period, dealer_id, region_id, dims) DO UPDATE SET sums = excluded.sums, detail = excluded.detail`,
    [
      ...columns,
      cells.map((cell) => JSON.stringify(cell.sums)),
      cells.map((cell) => (cell.detail === undefined ? null : encodeDetail(cell.detail))),
    ],
  );
}
