import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/index.js';
import { FixedClock, type Actor } from '../../libs/kernel/index.js';
import { CasesProjection, ProjectionRunner, type CaseRow } from '../../libs/projections/index.js';
import { actorAs } from '../../libs/testing/index.js';
import {
  caseData,
  CaseRepository,
  currentStateName,
  WorkflowEngine,
  WorkflowRegistry,
} from '../../libs/workflow-engine/index.js';
import { complaintWorkflowV1, complaintWorkflowV2 } from '../../workflows/complaint/complaint.workflow.js';

const CASES = 10_000;
const dealers = ['D001', 'D002', 'D003'];
const staff = (role: Parameters<typeof actorAs>[0], dealer: string): Actor =>
  actorAs(role, { id: `${role}-${dealer}`, dealerId: dealer });

describe(`replaying every case of a generated store of ${CASES.toLocaleString('en-US')} cases`, () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: Database.Database;
  const registry = new WorkflowRegistry([complaintWorkflowV1, complaintWorkflowV2]);
  const ids: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'replay-'));
    // NORMAL durability: this test is about replay, not fsync.
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const clock = new FixedClock('2026-01-05T08:00:00.000Z');
    const engine = new WorkflowEngine(store, registry, new CaseRepository(store, registry, 1000), clock);
    for (let index = 0; index < CASES; index++) {
      const dealer = dealers[index % dealers.length]!;
      const cs = staff('customer_service', dealer);
      clock.advance(1000);
      const { caseId } = await engine.execute({
        caseType: 'complaint',
        action: 'create',
        data: {
          channel: 'phone',
          category: index % 2 === 0 ? 'delay' : 'repair_technique',
          severity: index % 17 === 0 ? 'major' : 'normal',
          customer: {
            name: `客户${index}`,
            phone: '13800138000',
            class: 'B',
            sensitive: index % 11 === 0 ? ['vip'] : [],
          },
          vehicle: { vin: 'LSVAU2180N2183294' },
          description: `complaint ${index}`,
        },
        actor: cs,
      });
      ids.push(caseId);
      // A major complaint starts one level up, so it can be escalated once less.
      const major = index % 17 === 0 || index % 11 === 0;
      const steps = major ? Math.min(index % 4, 2) : index % 4;
      if (steps >= 1)
        await engine.execute({
          caseType: 'complaint',
          caseId,
          action: 'verify',
          data: { findings: 'f', problemClass: ['parts', 'technical', 'other'][index % 3] },
          actor: cs,
        });
      if (steps >= 2)
        await engine.execute({
          caseType: 'complaint',
          caseId,
          action: 'escalate',
          data: { reason: 'r' },
          actor: cs,
        });
      if (steps >= 3)
        await engine.execute({
          caseType: 'complaint',
          caseId,
          action: 'escalate',
          data: { reason: 'r2' },
          actor: staff('service_manager', dealer),
        });
    }
    readModels = new Database(join(dir, 'readmodels.sqlite'));
    await new ProjectionRunner(store, readModels, [new CasesProjection(registry)]).catchUp();
  }, 240_000);

  afterAll(async () => {
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets from a cold replay of each stream the same view the read model holds', async () => {
    const repository = new CaseRepository(store, registry, 0);
    const row = readModels.prepare<[string], CaseRow>('SELECT * FROM cases_list WHERE case_id = ?');
    let compared = 0;
    for (const id of ids) {
      const state = (await repository.load('complaint', id))!;
      const stored = row.get(id)!;
      const context = state.snapshot.context as Parameters<typeof caseData>[0];
      expect({
        state: stored.state,
        revision: stored.revision,
        version: stored.machine_version,
        assignedRole: stored.assigned_role,
        dealer: stored.dealer_id,
        data: caseData(JSON.parse(stored.context) as Parameters<typeof caseData>[0]),
      }).toEqual({
        state: currentStateName(state),
        revision: state.revision,
        version: state.definition.version,
        assignedRole: context.assignedRole,
        dealer: context.dealerId,
        data: caseData(context),
      });
      compared += 1;
    }
    expect(compared).toBe(CASES);
    expect(readModels.prepare('SELECT COUNT(*) AS n FROM cases_list').get()).toEqual({ n: CASES });
  }, 120_000);
});
