import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../event-store/index.js';
import { FixedClock, type Actor } from '../kernel/index.js';
import { pino } from 'pino';
import { EngineRuntime } from '../runtime/index.js';
import { ticketWorkflow } from '../testing/index.js';
import { WorkflowRegistry } from '../workflow-engine/index.js';
import { DeadlineProjection } from '../sla/index.js';
import { AuditIndexProjection } from './audit-index.projection.js';
import { caseOwnerOf } from './case-owners.js';

const staffOf = (dealerId: string, regionId: string): Actor => ({
  id: `cs-${dealerId}`,
  roles: ['customer_service'],
  dealerId,
  regionId,
});

describe('case owners: one table, written from each case first event', () => {
  let dir: string;
  let runtime: EngineRuntime;
  const cases: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'case-owners-'));
    runtime = new EngineRuntime({
      store: new SqliteEventStore({ path: join(dir, 'events.sqlite') }),
      registry: new WorkflowRegistry([ticketWorkflow]),
      clock: new FixedClock('2026-03-02T09:00:00.000Z'),
      dataDir: dir,
      logger: pino({ level: 'silent' }),
    });
    const engine = runtime.engine;
    // Given a case of D001 (R01) and one of D002 (R02), each noted once after it was opened.
    for (const [dealerId, regionId] of [
      ['D001', 'R01'],
      ['D002', 'R02'],
    ] as const) {
      const actor = staffOf(dealerId, regionId);
      const { caseId } = await engine.execute({
        caseType: 'ticket',
        action: 'create',
        data: { title: 't' },
        actor,
      });
      await engine.execute({ caseType: 'ticket', caseId, action: 'note', data: {}, actor });
      cases[dealerId] = caseId;
    }
    await runtime.runner.catchUp();
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const auditOwners = () =>
    runtime.readModels
      .prepare('SELECT case_id, revision, dealer_id, region_id FROM audit_events ORDER BY position')
      .all();

  it('files every later event of a case under the owner its first event names', () => {
    expect(caseOwnerOf(runtime.readModels, cases.D001!)).toEqual({ dealer_id: 'D001', region_id: 'R01' });
    expect(caseOwnerOf(runtime.readModels, cases.D002!)).toEqual({ dealer_id: 'D002', region_id: 'R02' });
    expect(auditOwners()).toEqual([
      { case_id: cases.D001, revision: 0, dealer_id: 'D001', region_id: 'R01' },
      { case_id: cases.D001, revision: 1, dealer_id: 'D001', region_id: 'R01' },
      { case_id: cases.D002, revision: 0, dealer_id: 'D002', region_id: 'R02' },
      { case_id: cases.D002, revision: 1, dealer_id: 'D002', region_id: 'R02' },
    ]);
  });

  it('and a projection rebuilt alone files its rows as before', async () => {
    const before = auditOwners();
    await runtime.runner.rebuild(['audit']);
    expect(auditOwners()).toEqual(before);
  });

  it('and one torn down leaves the owners the other read models still read', () => {
    new AuditIndexProjection().teardown(runtime.readModels);
    new DeadlineProjection({ version: 1, rules: [], calendars: {} }).teardown(runtime.readModels);
    expect(caseOwnerOf(runtime.readModels, cases.D002!)).toEqual({ dealer_id: 'D002', region_id: 'R02' });
  });
});
