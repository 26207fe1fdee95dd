import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { auditIndexPosition, postgresAuditIndexPosition } from '../../audit/index.js';
import { PostgresEventStore, postgresPool } from '../../event-store/index.js';
import { closeInOrder, startPostgres, type PostgresDatabase } from '../../testing/index.js';
import {
  AuditIndexProjection,
  AuditQueries,
  type AuditEventRow,
  type AuditFilter,
} from '../audit-index.projection.js';
import { ProjectionRunner } from '../projection-runner.js';
import { PostgresAuditIndexProjection } from './postgres-audit-index.projection.js';
import { PostgresAuditQueries } from './postgres-audit-queries.js';
import { PostgresProjectionRunner } from './postgres-projection-runner.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL audit index specs skipped: ${target.skip}`);

const DEALERS = [
  { dealerId: 'D001', regionId: 'R01' },
  { dealerId: 'D002', regionId: 'R02' },
  { dealerId: 'D003', regionId: 'R01' },
] as const;
const ACTORS = [
  { id: 'cs-1', name: '王芳', roles: ['customer_service'] },
  { id: 'oem-1', roles: ['oem_claims', 'regional_service_manager'] },
  { id: 'td-1', name: 'Li', roles: ['technical_director'] },
] as const;
const START = Date.parse('2026-03-02T00:00:00.000Z');
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

const filters: Record<string, Omit<AuditFilter, 'limit'>> = {
  everything: {},
  'one actor': { actor: 'oem-1' },
  'one role': { role: 'regional_service_manager' },
  'one case type': { caseType: 'memo' },
  'one case': { caseId: 'C-4' },
  'one dealer': { dealerId: 'D002' },
  'one region': { regionId: 'R01' },
  'a period': { from: at(100), to: at(400) },
  'a role in a region since an instant': { role: 'customer_service', regionId: 'R01', from: at(200) },
  'after a position': { after: 40 },
};

describeWithServer('the audit index in PostgreSQL answers what the SQLite one answers', () => {
  const database = target as PostgresDatabase;
  let store: PostgresEventStore;
  let sqlite: Database.Database;
  let runner: PostgresProjectionRunner;
  let pool: pg.Pool;
  let postgres: PostgresAuditQueries;
  let sqliteQueries: AuditQueries;

  beforeAll(async () => {
    store = await PostgresEventStore.open({ connectionString: database.url });
    // Given 30 cases of two types and three dealers, each with four events by actors of one or two roles
    // (a delegate's acting for someone among them), interleaved in the log, and events of no case or actor.
    for (let step = 0; step < 4; step++) {
      for (let n = 0; n < 30; n++) {
        const actor = ACTORS[(n + step) % 3]!;
        await store.append(
          `${n % 4 === 0 ? 'memo' : 'errand'}-C-${n}`,
          [
            {
              eventId: `C-${n}-${step}`,
              type: step === 0 ? 'Opened' : `Step${step}`,
              data: step === 0 ? { ...DEALERS[n % 3]! } : { note: step },
              metadata: {
                caseType: n % 4 === 0 ? 'memo' : 'errand',
                caseId: `C-${n}`,
                machineVersion: 1 + (n % 2),
                occurredAt: at(step * 150 + n * 3),
                actor,
                action: step === 0 ? 'create' : `step-${step}`,
                fromState: step === 0 ? 'none' : 'open',
                toState: step === 3 ? 'closed' : 'open',
                hash: `h-${n}-${step}`,
                ...(n % 5 === 2 && step === 2 ? { onBehalfOf: { id: 'absent', roles: ['oem_claims'] } } : {}),
              },
            },
          ],
          'any',
        );
      }
      await store.append(
        'system-log',
        [{ eventId: `s-${step}`, type: 'Housekeeping', data: {}, metadata: { occurredAt: at(step) } }],
        'any',
      );
    }
    sqlite = new Database(':memory:');
    await new ProjectionRunner(store, sqlite, [new AuditIndexProjection()]).catchUp();
    sqliteQueries = new AuditQueries(sqlite);
    runner = await PostgresProjectionRunner.open(store, [new PostgresAuditIndexProjection()], {
      connectionString: database.url,
      batchSize: 7,
    });
    await runner.catchUp();
    pool = postgresPool({ connectionString: database.url, max: 2 });
    postgres = new PostgresAuditQueries(pool, 4);
  }, 60_000);
  afterAll(() => closeInOrder(runner, pool, store, sqlite, database));

  it('then every row and role is the same, column by column', async () => {
    const events = await pool.query('SELECT * FROM audit_events ORDER BY position');
    expect(
      events.rows.map((row: Record<string, unknown>) => ({
        ...row,
        position: Number(row.position),
        revision: Number(row.revision),
      })),
    ).toEqual(sqlite.prepare('SELECT * FROM audit_events ORDER BY position').all());
    const roles = await pool.query('SELECT * FROM audit_event_roles ORDER BY position, role');
    expect(
      roles.rows.map((row: Record<string, unknown>) => ({ ...row, position: Number(row.position) })),
    ).toEqual(sqlite.prepare('SELECT * FROM audit_event_roles ORDER BY position, role').all());
  });

  it.each(Object.entries(filters))(
    'when paging through %s five at a time, then the same pages',
    async (_, filter) => {
      let after = filter.after;
      do {
        const query = { ...filter, limit: 5, ...(after !== undefined ? { after } : {}) };
        const expected = sqliteQueries.page(query);
        expect(await postgres.page(query)).toEqual(expected);
        after = expected.next ?? undefined;
      } while (after !== undefined);
    },
  );

  it.each(Object.entries(filters))(
    'when reading every row of %s, then the same rows in the same order',
    async (_, filter) => {
      const rows: AuditEventRow[] = [];
      for await (const row of postgres.rows(filter)) rows.push(row);
      expect(rows).toEqual([...sqliteQueries.iterate(filter)]);
    },
  );

  it('when a reader stops early, then it read no further than the page it was in', async () => {
    const taken: AuditEventRow[] = [];
    const queries: unknown[] = [];
    const counting = {
      query: (...args: unknown[]) => (
        queries.push(args),
        (pool.query as (...a: unknown[]) => unknown)(...args)
      ),
    };
    for await (const row of new PostgresAuditQueries(counting as unknown as pg.Pool, 4).rows({})) {
      taken.push(row);
      if (taken.length === 6) break;
    }
    expect(taken).toEqual([...sqliteQueries.iterate({})].slice(0, 6));
    expect(queries).toHaveLength(2);
  });

  it('when an export asks how far the index has applied, then both say the end of the log', async () => {
    const head = await store.headPosition();
    expect(await postgresAuditIndexPosition(pool)).toBe(head);
    expect(auditIndexPosition(sqlite)).toBe(head);
  });

  it('and the filters say something: each selects some rows and not all of them', async () => {
    const all = (await postgres.page({ limit: 1000 })).rows.length;
    expect(all).toBe(120);
    for (const [name, filter] of Object.entries(filters)) {
      if (name === 'everything') continue;
      const { rows } = await postgres.page({ ...filter, limit: 1000 });
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThan(all);
    }
  });
});
