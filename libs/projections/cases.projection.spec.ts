import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SqliteEventStore } from '../event-store/index.js';
import { FixedClock, type Actor } from '../kernel/index.js';
import { EngineRuntime, openReadModels } from '../runtime/index.js';
import { ticketWorkflow } from '../testing/index.js';
import { WorkflowRegistry } from '../workflow-engine/index.js';
import { CasesProjection } from './cases.projection.js';
import { ProjectionRunner } from './projection-runner.js';

const cs: Actor = { id: 'cs', roles: ['customer_service'], dealerId: 'D001', regionId: 'R01' };

describe('case list projection: folding a batch gives the rows that event by event gives', () => {
  let dir: string;
  let runtime: EngineRuntime;
  let store: SqliteEventStore;
  const registry = new WorkflowRegistry([ticketWorkflow]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cases-projection-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    runtime = new EngineRuntime({
      store,
      registry,
      clock: new FixedClock('2026-03-02T09:00:00.000Z'),
      dataDir: dir,
      logger: pino({ level: 'silent' }),
    });
    // Given 30 tickets whose events interleave in the log, some finished, some still open.
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) {
      const created = await runtime.engine.execute({
        caseType: 'ticket',
        action: 'create',
        data: { title: `t${n}` },
        actor: cs,
      });
      ids.push(created.caseId);
    }
    for (let round = 0; round < 4; round++) {
      for (const [n, id] of ids.entries()) {
        if (round === 3 && n % 3 === 0)
          await runtime.engine.execute({
            caseType: 'ticket',
            caseId: id,
            action: 'finish',
            data: {},
            actor: cs,
          });
        else if (round < 3)
          await runtime.engine.execute({
            caseType: 'ticket',
            caseId: id,
            action: 'note',
            data: {},
            actor: cs,
          });
      }
    }
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function project(batchSize: number, name: string) {
    const db = openReadModels(join(dir, name));
    // catchUp pages by catchUpBatchSize: without it every call here would be one page of 20,000.
    const runner = new ProjectionRunner(store, db, [new CasesProjection(registry)], {
      batchSize,
      catchUpBatchSize: batchSize,
    });
    await runner.catchUp();
    const rows = db.prepare('SELECT * FROM cases_list ORDER BY case_id').all();
    const roles = db.prepare('SELECT * FROM cases_actionable_roles ORDER BY case_id, role').all();
    db.close();
    return { rows, roles };
  }

  it('when rebuilt in one batch, in batches that split cases, and event by event', async () => {
    const oneByOne = await project(1, 'one-by-one');
    expect(oneByOne.rows).toHaveLength(30);
    expect(oneByOne.roles).toHaveLength(20); // the open ones: customer service may still act
    expect(await project(5000, 'one-batch')).toEqual(oneByOne);
    expect(await project(7, 'split')).toEqual(oneByOne);
  });

  it('and skips what it has already applied when a batch is applied again', async () => {
    const db = openReadModels(join(dir, 'again'));
    const projection = new CasesProjection(registry);
    projection.setup(db);
    const page = await store.readAll({ after: 0, maxCount: 10_000 });
    db.transaction(() => projection.applyBatch(db, page.events))();
    const before = db.prepare('SELECT * FROM cases_list ORDER BY case_id').all();
    db.transaction(() => projection.applyBatch(db, page.events.slice(0, 50)))();
    expect(db.prepare('SELECT * FROM cases_list ORDER BY case_id').all()).toEqual(before);
    db.close();
  });
});
