import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { postgresPool } from '../../libs/event-store/index.js';
import type { RecordedEvent } from '../../libs/kernel/index.js';
import {
  CELL_TABLES,
  PostgresReportsProjection,
  REPORT_DEFINITIONS,
  ReportsProjection,
  reportFactsOf,
  runPostgresReport,
  runReport,
  type ReportQuery,
} from '../../libs/reports/index.js';
import { startPostgres, type PostgresDatabase } from '../../libs/testing/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';
import { reportWorkload } from '../bench/report-workload.js';

// The reports' read model in PostgreSQL against the SQLite one: the bench's year of after-sales work (every
// workflow's report facts) applied to both in pages, as the runners feed them; then every report by every
// grouping, over whole months, ragged spans, one day, a dealer and scopes, answers the same rows.

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL reports specs skipped: ${target.skip}`);

const queries: ReportQuery[] = [
  { scope: { kind: 'all' } },
  { scope: { kind: 'all' }, from: '2025-06-01', to: '2025-06-30' },
  { scope: { kind: 'all' }, from: '2025-05-17', to: '2025-08-03' },
  { scope: { kind: 'all' }, from: '2025-07-09', to: '2025-07-09' },
  { scope: { kind: 'all' }, from: '2025-11-15' },
  { scope: { kind: 'all' }, to: '2025-04-12' },
  { scope: { kind: 'all' }, dealerId: 'D004', from: '2025-04-02', to: '2025-12-31' },
  { scope: { kind: 'all' }, regionId: 'R3' },
  { scope: { kind: 'owners', dealerId: 'D007', regionId: 'R7' } },
  { scope: { kind: 'owners', regionId: 'R3' }, from: '2025-04-01', to: '2025-09-30' },
  { scope: { kind: 'owners' } },
];

describeWithServer('the reports read model in PostgreSQL answers what the SQLite one answers', () => {
  const database = target as PostgresDatabase;
  // And visits of a made-up workflow, repeated for a plate within 30 days: the repeat flag's lookups.
  const facts = new Map(reportFactsOf(loadRegisteredWorkflows({}))).set('visit', {
    VisitOpened: (event) => [
      {
        topic: 'visits',
        open: {
          at: event.occurredAt,
          dims: { plate: String(event.data.plate) },
          repeatOf: { key: String(event.data.plate), withinDays: 30 },
        },
        set: { opened: 1 },
      },
    ],
  });
  const visits = Array.from({ length: 300 }, (_, n): RecordedEvent => ({
    eventId: `visit-${n}`,
    streamId: `visit-v${n}`,
    revision: 0,
    position: n,
    type: 'VisitOpened',
    data: { plate: `京A${n % 23}`, dealerId: `D00${n % 3}`, regionId: 'R1' },
    metadata: {
      caseType: 'visit',
      caseId: `v${n}`,
      occurredAt: new Date(Date.parse('2025-03-01T00:00:00Z') + n * 19 * 3_600_000).toISOString(),
    },
    recordedAt: '2025-03-01T00:00:00Z',
  }));
  const db = new Database(':memory:');
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = postgresPool({ connectionString: database.url, max: 2 });
    const sqlite = new ReportsProjection(facts);
    const postgres = new PostgresReportsProjection(facts);
    sqlite.setup(db);
    const client = await pool.connect();
    try {
      await postgres.setup(client);
      // Pages of a few hundred events: rows, repeats and cells change across pages and within one.
      const apply = async (page: RecordedEvent[]) => {
        sqlite.applyBatch(db, page);
        await client.query('BEGIN');
        await postgres.applyBatch(client, page);
        await client.query('COMMIT');
      };
      let page: RecordedEvent[] = [];
      for (const events of reportWorkload(6_000)) {
        page.push(...events);
        if (page.length % 20 === 0) page.push(...visits.splice(0, 5));
        if (page.length >= 250) {
          await apply(page);
          page = [];
        }
      }
      await apply([...page, ...visits]);
    } finally {
      client.release();
    }
  }, 120_000);
  afterAll(async () => {
    await pool?.end();
    db.close();
    await database.stop();
  });

  it('then every row and cell is the same, column by column', async () => {
    for (const [table, order] of [
      ['reports_rows', 'topic, key'],
      [CELL_TABLES.day, 'topic, period, dealer_id, region_id, dims'],
      [CELL_TABLES.month, 'topic, period, dealer_id, region_id, dims'],
    ] as const) {
      const { rows } = await pool.query(`SELECT * FROM ${table} ORDER BY ${order}`);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows).toEqual(db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all());
    }
    const repeated = await pool.query(
      `SELECT 1 FROM reports_rows WHERE topic = 'visits' AND vals LIKE '%repeat%'`,
    );
    expect(repeated.rowCount).toBeGreaterThan(0);
  });

  for (const definition of REPORT_DEFINITIONS)
    for (const groupBy of definition.groupings)
      it(`when reading ${definition.name} by ${groupBy}, for every span and scope, then the same report`, async () => {
        for (const query of queries) {
          const asked = { ...query, groupBy };
          expect(await runPostgresReport(pool, definition, asked)).toEqual(runReport(db, definition, asked));
        }
        const everything = runReport(db, definition, { scope: { kind: 'all' }, groupBy });
        expect(everything.rows.length).toBeGreaterThan(0);
      });
});
