import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type pg from 'pg';
import { PostgresEventStore, postgresPool } from '../../event-store/index.js';
import { FixedClock, type Actor, type DeadlineRule } from '../../kernel/index.js';
import { EngineRuntime } from '../../runtime/index.js';
import { DeadlineProjection, PostgresDeadlineProjection, deadlinePolicyOf } from '../../sla/index.js';
import { errandWorkflow, startPostgres, type PostgresDatabase } from '../../testing/index.js';
import { WorkflowRegistry } from '../../workflow-engine/index.js';
import type { CaseListFilter } from '../case-list-statements.js';
import { PostgresCaseQueries } from './postgres-case-queries.js';
import { PostgresCasesProjection } from './postgres-cases.projection.js';
import { PostgresProjectionRunner } from './postgres-projection-runner.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL cases read model specs skipped: ${target.skip}`);

const DEALERS = [
  { dealerId: 'D001', regionId: 'R01' },
  { dealerId: 'D002', regionId: 'R02' },
  { dealerId: 'D003', regionId: 'R01' },
] as const;
const staffOf = (n: number): Actor => ({ id: `cs-${n}`, roles: ['customer_service'], ...DEALERS[n % 3]! });
const oem: Actor = { id: 'oem', roles: ['oem_claims'] };

const callers: Record<string, Actor> = {
  'dealer staff of D001': staffOf(0),
  'dealer staff of D002': staffOf(1),
  'dealer staff without a dealer': { id: 'x', roles: ['customer_service'] },
  'regional OEM staff of R01': { id: 'r', roles: ['oem_claims'], regionId: 'R01' },
  'national OEM staff': oem,
  'dealer staff who are also regional managers': {
    id: 'f',
    roles: ['customer_service', 'regional_service_manager'],
    dealerId: 'D002',
    regionId: 'R01',
  },
  'a national auditor': { id: 'a', roles: ['auditor'] },
};

/** Escalated errands must be resolved within 2 h: the `overdue` filter's deadlines. */
const resolveClock: DeadlineRule = {
  caseType: 'errand',
  kind: 'resolve',
  startOn: [{ eventType: 'ErrandEscalated' }],
  stopOn: ['ErrandResolved'],
  cancelOn: ['ErrandClosed'],
  duration: 'PT2H',
  warnAt: 0.5,
  calendar: 'calendar',
  accountableRole: 'oem_claims',
  breachAction: 'record-breach',
  breachEvent: 'ErrandDeadlineBreached',
  source: 'spec',
};
const deadlines = deadlinePolicyOf([{ deadlines: [resolveClock] }]);

const NOW = '2026-03-10T00:00:00.000Z';
const filters: Record<string, Omit<CaseListFilter, 'now'>> = {
  'every errand': { caseType: 'errand', limit: 100 },
  'by state': { caseType: 'errand', state: 'escalated', limit: 100 },
  'by dealer': { caseType: 'errand', dealerId: 'D003', limit: 100 },
  'by region': { caseType: 'errand', regionId: 'R01', limit: 100 },
  'by assigned role': { caseType: 'errand', assignedRole: 'oem_claims', limit: 100 },
  'by category and severity': { caseType: 'errand', category: 'paint', severity: 'high', limit: 100 },
  'by kind': { caseType: 'errand', kind: 'phone', limit: 100 },
  'due before an instant': { caseType: 'errand', dueBefore: '2026-03-05T00:00:00.000Z', limit: 100 },
  'created within a span': {
    caseType: 'errand',
    createdFrom: '2026-03-02T03:00:00.000Z',
    createdTo: '2026-03-02T09:00:00.000Z',
    limit: 100,
  },
  overdue: { caseType: 'errand', overdue: true, limit: 100 },
  'not overdue': { caseType: 'errand', overdue: false, limit: 100 },
  'another case type': { caseType: 'ticket', limit: 100 },
};

describeWithServer('the cases read model in PostgreSQL answers what the SQLite one answers', () => {
  const database = target as PostgresDatabase;
  const registry = new WorkflowRegistry([errandWorkflow]);
  const clock = new FixedClock('2026-03-02T00:00:00.000Z');
  let dir: string;
  let runtime: EngineRuntime;
  let runner: PostgresProjectionRunner;
  let pool: pg.Pool;
  let postgres: PostgresCaseQueries;
  const ids: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pg-cases-'));
    const store = await PostgresEventStore.open({ connectionString: database.url });
    // The SQLite read models of a node, fed from the shared log.
    runtime = new EngineRuntime({
      store,
      registry,
      clock,
      dataDir: dir,
      logger: pino({ level: 'silent' }),
      extraProjections: () => [new DeadlineProjection(deadlines)],
    });
    runner = await PostgresProjectionRunner.open(
      store,
      [new PostgresCasesProjection(registry), new PostgresDeadlineProjection(deadlines)],
      { connectionString: database.url, batchSize: 7 },
    );
    pool = postgresPool({ connectionString: database.url, max: 2 });
    postgres = new PostgresCaseQueries(pool, () => true);

    // Given 24 errands of three dealers, opened an hour apart except every fourth (opened with the one
    // before it, at the same instant), with facets varying, some linked to the first, and taken along
    // different paths: escalated (a 2 h clock to resolve starts), resolved (it is met), closed.
    for (let n = 0; n < 24; n++) {
      if (n % 4 !== 0) clock.advance(60 * 60 * 1000);
      const { caseId } = await runtime.engine.execute({
        caseType: 'errand',
        action: 'create',
        data: {
          category: ['paint', 'engine', 'glass'][n % 3],
          severity: n % 2 === 0 ? 'high' : 'low',
          channel: n % 5 === 0 ? 'phone' : 'mail',
          ...(n % 3 !== 1 ? { dueAt: `2026-03-0${1 + (n % 9)}T12:00:00.000Z` } : {}),
          ...(n > 0 && n % 6 === 0 ? { originId: ids[0] } : {}),
        },
        actor: staffOf(n),
      });
      ids.push(caseId);
    }
    for (const [n, caseId] of ids.entries()) {
      clock.advance(60 * 1000);
      const act = (action: string, actor: Actor) =>
        runtime.engine.execute({ caseType: 'errand', caseId, action, data: {}, actor });
      if (n % 4 === 1 || n % 4 === 2) await act('escalate', staffOf(n));
      if (n % 4 === 2) await act('resolve', oem);
      if (n % 7 === 3 && n % 4 !== 1) await act('close', staffOf(n));
    }
    await runtime.runner.catchUp();
    await runner.catchUp();
  }, 60_000);
  afterAll(async () => {
    await runner?.close();
    await pool?.end();
    await runtime?.close();
    rmSync(dir, { recursive: true, force: true });
    await database.stop();
  });

  describe.each(Object.entries(callers))('for %s', (_, actor) => {
    it.each(Object.entries(filters))('when listing %s, then the same page', async (__, filter) => {
      const query = { ...filter, now: NOW };
      expect(await postgres.list(actor, query)).toEqual(runtime.cases.list(actor, query));
    });

    it('when paging through every errand five at a time, then the same pages and cursors', async () => {
      let cursor: string | undefined;
      let pages = 0;
      do {
        const query = { caseType: 'errand', now: NOW, limit: 5, ...(cursor ? { cursor } : {}) };
        const expected = runtime.cases.list(actor, query);
        expect(await postgres.list(actor, query)).toEqual(expected);
        cursor = expected.nextCursor ?? undefined;
        pages += 1;
      } while (cursor !== undefined);
      expect(pages).toBeGreaterThan(0);
    });

    it('when asking for its work queue, then the same candidates in the same order', async () => {
      for (const limit of [3, 100]) {
        expect(await postgres.workQueueCandidates(actor, limit)).toEqual(
          runtime.cases.workQueueCandidates(actor, limit),
        );
      }
    });

    it('when listing the errands opened for the first one, then the same cases', async () => {
      expect(await postgres.linkedTo(actor, ids[0]!)).toEqual(runtime.cases.linkedTo(actor, ids[0]!));
    });
  });

  it('and the lists say something: every filter but one matches some errands, a page of 5 has a next page', async () => {
    for (const [name, filter] of Object.entries(filters)) {
      const { rows } = await postgres.list(oem, { ...filter, now: NOW });
      if (name === 'another case type') expect(rows).toHaveLength(0);
      else expect(rows.length).toBeGreaterThan(0);
    }
    expect((await postgres.list(oem, { caseType: 'errand', now: NOW, limit: 5 })).nextCursor).not.toBeNull();
    expect(await postgres.workQueueCandidates(oem, 100)).not.toHaveLength(0);
    expect(await postgres.linkedTo(oem, ids[0]!)).toHaveLength(3);
  });

  it('and every row and actionable role is the same, column by column', async () => {
    const { rows } = await pool.query('SELECT * FROM cases_actionable_roles ORDER BY case_id, role');
    const sqliteRoles = runtime.readModels
      .prepare('SELECT * FROM cases_actionable_roles ORDER BY case_id, role')
      .all();
    expect(rows).toEqual(sqliteRoles);
    for (const caseId of ids) {
      expect(await postgres.byId(caseId)).toEqual(runtime.cases.byId(caseId));
    }
  });
});
