import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { complaintWorkflowV1 } from '../../workflows/complaint/complaint.workflow.js';
import { SqliteEventStore } from '../event-store/index.js';
import { FixedClock, type EventMetadata } from '../kernel/index.js';
import { CasesProjection, ProjectionRunner } from '../projections/index.js';
import { actorAs } from '../testing/index.js';
import { CaseRepository, WorkflowEngine, WorkflowRegistry } from '../workflow-engine/index.js';
import {
  deadlineCounts,
  deadlinesOfCase,
  dueDeadlines,
  listDeadlines,
  slaReport,
} from './deadline-queries.js';
import { deadlinePolicyOf, policyFromEnvironment } from './deadline-policy.js';
import { complaintDeadlines } from '../../workflows/complaint/deadlines.js';
import { DeadlineProjection } from './deadline.projection.js';
import { SlaSweeper } from './sla-sweeper.js';

const dueIn = (readModels: Database.Database) => async (now: string, limit: number) =>
  dueDeadlines(readModels, now, limit);
const cs = actorAs('customer_service');
const advisor = actorAs('service_advisor');
const td = actorAs('technical_director');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const intake = {
  channel: 'phone',
  category: 'delay',
  severity: 'normal',
  customer: { name: '李', phone: '13800138000', class: 'A', sensitive: [] },
  vehicle: { vin: 'LSVAU2180N2183294' },
  description: 'waited 3 days',
};

describe('SLA deadlines and the sweeper, on the real engine and store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: Database.Database;
  let runner: ProjectionRunner;
  let engine: WorkflowEngine;
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');
  const policy = policyFromEnvironment({}, deadlinePolicyOf([{ deadlines: complaintDeadlines }]));
  const registry = new WorkflowRegistry([complaintWorkflowV1]);

  beforeEach(() => {
    clock.set('2026-03-02T09:00:00.000Z');
    dir = mkdtempSync(join(tmpdir(), 'sla-spec-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    readModels = new Database(':memory:');
    runner = new ProjectionRunner(store, readModels, [
      new CasesProjection(registry),
      new DeadlineProjection(policy),
    ]);
    engine = new WorkflowEngine(store, registry, new CaseRepository(store, registry), clock);
  });
  afterEach(async () => {
    await store.close();
    readModels.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sweeper = (batchSize = 500) =>
    new SlaSweeper(dueIn(readModels), engine, clock, policy, quiet, batchSize);
  const run = (caseId: string | undefined, action: string, actor = cs, data: Record<string, unknown> = {}) =>
    engine.execute({ caseType: 'complaint', ...(caseId ? { caseId } : {}), action, data, actor });
  async function routedComplaint(): Promise<string> {
    const { caseId } = await run(undefined, 'create', cs, intake);
    await run(caseId, 'verify', cs, { findings: 'x', problemClass: 'technical' });
    await runner.catchUp();
    return caseId;
  }
  const breaches = async (caseId: string) =>
    (await store.readStream(`complaint-${caseId}`)).filter(
      (event) => event.type === 'ComplaintDeadlineBreached',
    );

  it('starts the feedback clock at routing, 24 h, warning at 80 %', async () => {
    const caseId = await routedComplaint();
    expect(deadlinesOfCase(readModels, caseId, clock.now().toISOString(), false)).toEqual([
      expect.objectContaining({
        kind: 'feedback',
        status: 'pending',
        startedAt: '2026-03-02T09:00:00.000Z',
        dueAt: '2026-03-03T09:00:00.000Z',
        warnAt: '2026-03-03T04:12:00.000Z',
        warning: false,
        rule: 'v1:PT24H:calendar',
      }),
    ]);
    expect(deadlinesOfCase(readModels, caseId, '2026-03-03T05:00:00.000Z', false)[0]?.warning).toBe(true);
  });

  it('meets the deadline when feedback comes in time and never breaches it', async () => {
    const caseId = await routedComplaint();
    clock.advance(3600_000);
    await run(caseId, 'propose-resolution', td, { cause: 'c', plan: 'p' });
    await run(caseId, 'record-customer-reply', cs, { decision: 'accepted' });
    await run(caseId, 'report-feedback', advisor, { result: 'done' });
    await runner.catchUp();
    clock.advance(48 * 3600_000);
    expect(await sweeper().sweepOnce()).toEqual({ recorded: 0, duplicates: 0, refused: 0, failed: 0 });
    expect(deadlinesOfCase(readModels, caseId, clock.now().toISOString(), false)[0]).toMatchObject({
      kind: 'feedback',
      status: 'met',
    });
  });

  it('records a missed deadline as a breach event that escalates the complaint', async () => {
    const caseId = await routedComplaint();
    clock.advance(24 * 3600_000 + 1);
    expect((await sweeper().sweepOnce()).recorded).toBe(1);
    const [breach] = await breaches(caseId);
    expect(breach?.data).toEqual({ kind: 'feedback', dueAt: '2026-03-03T09:00:00.000Z' });
    expect((breach?.metadata as unknown as EventMetadata).actor.id).toBe('system');
    await runner.catchUp();
    expect(deadlinesOfCase(readModels, caseId, clock.now().toISOString(), false)[0]).toMatchObject({
      status: 'breached',
    });
    const view = readModels
      .prepare<[string], { assigned_role: string }>('SELECT assigned_role FROM cases_list WHERE case_id = ?')
      .get(caseId);
    expect(view?.assigned_role).toBe('service_manager');
  });

  it('records each breach once when two sweepers race', async () => {
    const ids = [await routedComplaint(), await routedComplaint(), await routedComplaint()];
    clock.advance(25 * 3600_000);
    const [first, second] = await Promise.all([sweeper().sweepOnce(), sweeper().sweepOnce()]);
    expect(first.recorded + second.recorded).toBe(3);
    expect(first.duplicates + second.duplicates).toBe(3);
    for (const id of ids) expect(await breaches(id)).toHaveLength(1);
  });

  it('records each breach once when two nodes, each with its own engine and cache, sweep without a lock', async () => {
    const ids = [await routedComplaint(), await routedComplaint(), await routedComplaint()];
    clock.advance(25 * 3600_000);
    const nodeEngine = () => new WorkflowEngine(store, registry, new CaseRepository(store, registry), clock);
    const node = () => new SlaSweeper(dueIn(readModels), nodeEngine(), clock, policy, quiet, 500);
    const [first, second] = await Promise.all([node().sweepOnce(), node().sweepOnce()]);
    // The loser's append carries the winner's event ids (both derive from the deadline), so the store
    // answers it as already written: each breach stands once and neither sweep fails.
    for (const id of ids) expect(await breaches(id)).toHaveLength(1);
    expect([first, second].map((sweep) => sweep.failed + sweep.refused)).toEqual([0, 0]);
  });

  it('sweeps only while this process holds the exclusive duty, and gives the duty up when stopped', async () => {
    const caseId = await routedComplaint();
    clock.advance(25 * 3600_000);
    let free = false;
    let released = 0;
    const duty = { claim: async () => free, release: async () => void (released += 1) };
    const gated = new SlaSweeper(dueIn(readModels), engine, clock, policy, quiet, 500, duty);
    const pause = () => new Promise((resolve) => setTimeout(resolve, 120));
    gated.start(20);
    await pause();
    expect(await breaches(caseId)).toHaveLength(0);
    free = true;
    await pause();
    expect(await breaches(caseId)).toHaveLength(1);
    await gated.stop();
    expect(released).toBe(1);
  });

  it('records each breach once across a restart in the middle of a sweep', async () => {
    const ids = [await routedComplaint(), await routedComplaint(), await routedComplaint()];
    clock.advance(25 * 3600_000);
    // The first process records one breach and dies before its projection sees it.
    expect((await sweeper(1).sweepOnce()).recorded).toBe(1);
    // The restarted process finds all three still pending in its read model and sweeps them.
    engine = new WorkflowEngine(store, registry, new CaseRepository(store, registry), clock);
    const afterRestart = await sweeper().sweepOnce();
    expect(afterRestart).toMatchObject({ recorded: 2, duplicates: 1 });
    for (const id of ids) expect(await breaches(id)).toHaveLength(1);
    await runner.catchUp();
    expect(await sweeper().sweepOnce()).toEqual({ recorded: 0, duplicates: 0, refused: 0, failed: 0 });
  });

  it('cancels a pending clock when the complaint is dismissed', async () => {
    const { caseId } = await run(undefined, 'create', cs, intake);
    await run(caseId, 'dismiss', cs, { reason: 'not ours' });
    await runner.catchUp();
    expect(deadlinesOfCase(readModels, caseId, clock.now().toISOString(), false)).toEqual([]);
  });

  it('starts the 7-day follow-up at satisfaction and restarts feedback on a dissatisfied follow-up', async () => {
    const caseId = await routedComplaint();
    await run(caseId, 'propose-resolution', td, { cause: 'c', plan: 'p' });
    await run(caseId, 'record-customer-reply', cs, { decision: 'accepted' });
    await run(caseId, 'report-feedback', advisor, { result: 'done' });
    await run(caseId, 'confirm-satisfaction', cs, { satisfied: true });
    await runner.catchUp();
    expect(
      deadlinesOfCase(readModels, caseId, clock.now().toISOString(), false).map((d) => [
        d.kind,
        d.status,
        d.dueAt,
      ]),
    ).toEqual([
      ['feedback', 'met', '2026-03-03T09:00:00.000Z'],
      ['follow-up', 'pending', '2026-03-09T09:00:00.000Z'],
    ]);
    clock.advance(2 * 86_400_000);
    await run(caseId, 'record-follow-up', cs, { satisfaction: 'very_dissatisfied' });
    await runner.catchUp();
    expect(
      deadlinesOfCase(readModels, caseId, clock.now().toISOString(), false).map((d) => [d.kind, d.status]),
    ).toEqual([
      ['feedback', 'met'],
      ['follow-up', 'met'],
      ['feedback', 'pending'],
    ]);
  });

  it('shows deadlines as they stood at an earlier instant', async () => {
    const caseId = await routedComplaint();
    clock.advance(25 * 3600_000);
    await sweeper().sweepOnce();
    await runner.catchUp();
    expect(deadlinesOfCase(readModels, caseId, '2026-03-02T10:00:00.000Z', true)[0]).toMatchObject({
      status: 'pending',
    });
    expect(deadlinesOfCase(readModels, caseId, '2026-03-01T10:00:00.000Z', true)).toEqual([]);
    expect(deadlinesOfCase(readModels, caseId, clock.now().toISOString(), true)[0]).toMatchObject({
      status: 'breached',
    });
  });

  it('reports compliance by kind, dealer and role, and counts for the gauge', async () => {
    const late = await routedComplaint();
    const onTime = await routedComplaint();
    await run(onTime, 'propose-resolution', td, { cause: 'c', plan: 'p' });
    await run(onTime, 'record-customer-reply', cs, { decision: 'accepted' });
    await run(onTime, 'report-feedback', advisor, { result: 'done' });
    await routedComplaint();
    clock.advance(25 * 3600_000);
    await runner.catchUp();
    await sweeper().sweepOnce();
    await runner.catchUp();
    await routedComplaint();
    const now = clock.now().toISOString();
    expect(slaReport(readModels, { groupBy: 'kind', now })).toEqual([
      {
        group: 'feedback',
        met: 1,
        breached: 2,
        pending: 1,
        paused: 0,
        pausedSeconds: 0,
        compliancePercent: 33.3,
      },
    ]);
    expect(slaReport(readModels, { groupBy: 'dealer', now })[0]?.group).toBe('D001');
    expect(slaReport(readModels, { groupBy: 'role', now })[0]?.group).toBe('service_advisor');
    expect(
      slaReport(readModels, { groupBy: 'kind', from: '2026-03-04T00:00:00.000Z', now })[0],
    ).toMatchObject({
      met: 0,
      breached: 0,
      pending: 1,
    });
    expect(deadlineCounts(readModels, clock.now().toISOString())).toEqual({
      pending: 1,
      warning: 0,
      breached: 2,
    });
    expect(
      listDeadlines(readModels, { status: 'breached', now: clock.now().toISOString(), limit: 10 }).rows.map(
        (row) => row.case_id,
      ),
    ).toContain(late);
  });
});
