import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/index.js';
import { FixedClock, TransitionNotAllowedError, type Actor } from '../../libs/kernel/index.js';
import { actorAs } from '../../libs/testing/index.js';
import {
  CaseRepository,
  verifyCase,
  WorkflowEngine,
  WorkflowRegistry,
} from '../../libs/workflow-engine/index.js';
import { goodwillWorkflowV1, goodwillWorkflowV2 } from '../../workflows/goodwill/goodwill.workflow.js';
import { goodwillWorkflowV3 } from '../../workflows/goodwill/v3/goodwill.workflow.js';

/** A service director whose token also carries the OEM after-sales rep role. */
const applicantAndRep: Actor = actorAs('service_director', {
  roles: ['service_director', 'oem_aftersales_rep'],
});
const application = {
  amountCents: 1_500_000,
  lossDescription: 'towing and a rental car',
  waiver: { signedAt: '2026-03-01', documentRef: 'WV-1' },
};

describe('goodwill machine versions: applications opened under v1 keep v1, new ones get v2', () => {
  let dir: string;
  let store: SqliteEventStore;
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');
  const both = new WorkflowRegistry([goodwillWorkflowV1, goodwillWorkflowV2]);
  let engine: WorkflowEngine;
  let v1Case: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'approval-versions-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    const onlyV1 = new WorkflowRegistry([goodwillWorkflowV1]);
    const before = new WorkflowEngine(store, onlyV1, new CaseRepository(store, onlyV1), clock);
    v1Case = (
      await before.execute({
        caseType: 'goodwill',
        action: 'create',
        data: application,
        actor: applicantAndRep,
      })
    ).caseId;
    engine = new WorkflowEngine(store, both, new CaseRepository(store, both), clock);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides a running v1 application by v1 (the rule it was opened under) and verifies it', async () => {
    await engine.execute({
      caseType: 'goodwill',
      caseId: v1Case,
      action: 'confirm-waiver',
      data: {},
      actor: applicantAndRep,
    });
    const events = await store.readStream(`goodwill-${v1Case}`);
    expect(events.map((event) => (event.metadata as { machineVersion: number }).machineVersion)).toEqual([
      1, 1,
    ]);
    expect(verifyCase(both, events)).toMatchObject({ ok: true, problems: [] });
  });

  it('decides a new application by v2', async () => {
    const created = await engine.execute({
      caseType: 'goodwill',
      action: 'create',
      data: application,
      actor: applicantAndRep,
    });
    await expect(
      engine.execute({
        caseType: 'goodwill',
        caseId: created.caseId,
        action: 'confirm-waiver',
        data: {},
        actor: applicantAndRep,
      }),
    ).rejects.toBeInstanceOf(TransitionNotAllowedError);
    const events = await store.readStream(`goodwill-${created.caseId}`);
    expect((events[0]!.metadata as { machineVersion: number }).machineVersion).toBe(2);
  });
});

describe('goodwill machine versions: applications opened under v2 keep v2, new ones get v3', () => {
  let dir: string;
  let store: SqliteEventStore;
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');
  const all = new WorkflowRegistry([goodwillWorkflowV1, goodwillWorkflowV2, goodwillWorkflowV3]);
  let engine: WorkflowEngine;
  let v2Case: string;
  const director = actorAs('service_director');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'goodwill-versions-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    const upToV2 = new WorkflowRegistry([goodwillWorkflowV1, goodwillWorkflowV2]);
    const before = new WorkflowEngine(store, upToV2, new CaseRepository(store, upToV2), clock);
    // A v2 application: one amount of its own, no complaint, no cost lines.
    v2Case = (
      await before.execute({ caseType: 'goodwill', action: 'create', data: application, actor: director })
    ).caseId;
    engine = new WorkflowEngine(store, all, new CaseRepository(store, all), clock);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a running v2 application be returned and resubmitted with an amount of its own, and verifies it', async () => {
    const rep = actorAs('oem_aftersales_rep');
    await engine.execute({
      caseType: 'goodwill',
      caseId: v2Case,
      action: 'return',
      data: { reason: 'r' },
      actor: rep,
    });
    await engine.execute({
      caseType: 'goodwill',
      caseId: v2Case,
      action: 'resubmit',
      data: { amountCents: 1_200_000 },
      actor: director,
    });
    const events = await store.readStream(`goodwill-${v2Case}`);
    expect(events.map((event) => (event.metadata as { machineVersion: number }).machineVersion)).toEqual([
      2, 2, 2,
    ]);
    expect(verifyCase(all, events)).toMatchObject({ ok: true, problems: [] });
  });

  it('decides a new application by v3: without the major complaint it settles, it is refused', async () => {
    await expect(
      engine.execute({ caseType: 'goodwill', action: 'create', data: application, actor: director }),
    ).rejects.toMatchObject({
      errors: expect.arrayContaining([expect.objectContaining({ field: 'complaintId' })]),
    });
  });
});
