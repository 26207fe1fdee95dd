import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/index.js';
import { FixedClock, type EventMetadata } from '../../libs/kernel/index.js';
import { actorAs } from '../../libs/testing/index.js';
import {
  CaseRepository,
  verifyCase,
  WorkflowEngine,
  WorkflowRegistry,
} from '../../libs/workflow-engine/index.js';
import { complaintWorkflowV1, complaintWorkflowV2 } from '../../workflows/complaint/complaint.workflow.js';

const cs = actorAs('customer_service');
const vipIntake = {
  channel: 'phone',
  category: 'delay',
  severity: 'normal',
  customer: { name: '赵', phone: '13800138000', class: 'A', sensitive: ['vip'] },
  vehicle: { vin: 'LSVAU2180N2183294' },
  description: 'VIP waited 3 days for a part',
};

describe('machine versions: running v1 cases keep v1, new cases get v2', () => {
  let dir: string;
  let store: SqliteEventStore;
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');
  let v1Case: string;
  let v2Case: string;
  const both = new WorkflowRegistry([complaintWorkflowV1, complaintWorkflowV2]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'versions-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    // Before v2 ships: a VIP complaint is not major under v1.
    const onlyV1 = new WorkflowRegistry([complaintWorkflowV1]);
    const before = new WorkflowEngine(store, onlyV1, new CaseRepository(store, onlyV1), clock);
    v1Case = (await before.execute({ caseType: 'complaint', action: 'create', data: vipIntake, actor: cs }))
      .caseId;
    // v2 ships: the engine now knows both.
    const after = new WorkflowEngine(store, both, new CaseRepository(store, both), clock);
    await after.execute({
      caseType: 'complaint',
      caseId: v1Case,
      action: 'verify',
      data: { findings: 'x', problemClass: 'parts' },
      actor: cs,
    });
    v2Case = (await after.execute({ caseType: 'complaint', action: 'create', data: vipIntake, actor: cs }))
      .caseId;
    await after.execute({
      caseType: 'complaint',
      caseId: v2Case,
      action: 'verify',
      data: { findings: 'x', problemClass: 'parts' },
      actor: cs,
    });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const versions = async (id: string) =>
    (await store.readStream(`complaint-${id}`)).map(
      (event) => (event.metadata as unknown as EventMetadata).machineVersion,
    );

  it('records every event of a case with the version pinned by its first event', async () => {
    expect(await versions(v1Case)).toEqual([1, 1]);
    expect(await versions(v2Case)).toEqual([2, 2]);
  });

  it('decides each case by its own version: only v2 treats a VIP complaint as major', async () => {
    const repository = new CaseRepository(store, both);
    const v1 = await repository.load('complaint', v1Case);
    const v2 = await repository.load('complaint', v2Case);
    expect(v1?.snapshot.context).toMatchObject({ major: false, assignedRole: 'parts_manager' });
    expect(v2?.snapshot.context).toMatchObject({ major: true, assignedRole: 'service_manager' });
  });

  it('replays and verifies both exactly', async () => {
    for (const id of [v1Case, v2Case]) {
      expect(verifyCase(both, await store.readStream(`complaint-${id}`))).toMatchObject({
        ok: true,
        problems: [],
      });
    }
  });
});
