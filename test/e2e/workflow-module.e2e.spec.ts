import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FixedClock } from '../../libs/kernel/index.js';
import { shippedPolicies } from '../../workflows/warranty-claim/shipped-policies.tool.js';
import { registeredWorkflows } from '../../workflows/registered-workflows.js';
import { inspectionModule } from '../fixtures/workflows/vehicle-inspection/index.js';
import { auditorNational, serviceAdvisor, technicalDirector } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

interface View {
  id: string;
  type: string;
  state: string;
  assignedRole: string | null;
  data: Record<string, unknown>;
  deadlines: { kind: string; status: string; dueAt: string }[];
  allowedActions: string[];
}

/**
 * A workflow is its folder plus one registration line: the vehicle inspection exists only under test
 * fixtures, nothing in libs/ or apps/ names it, and it runs end to end over HTTP like the shipped ones.
 */
describe('a workflow module added by registration alone', () => {
  let engine: EngineUnderTest;
  let clock: FixedClock;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({
      env: { SLA_SWEEP_INTERVAL: 'PT0.2S' },
      workflows: [...registeredWorkflows({ warrantyPolicies: shippedPolicies() }), inspectionModule],
    });
    clock = engine.clock as FixedClock;
  });
  afterAll(async () => {
    await engine.stop();
  });

  const request = (caller = serviceAdvisor) =>
    engine.request<View>('POST', '/api/v1/vehicle-inspections', {
      caller,
      body: { vin: 'lsvau2180n2183294', concern: 'Rattle from the rear axle' },
    });
  const act = (id: string, action: string, body: unknown = {}) =>
    engine.request<View>('POST', `/api/v1/vehicle-inspections/${id}/actions/${action}`, {
      caller: technicalDirector,
      body,
    });

  it('creates a case, acts on it and meets its clock', async () => {
    const created = await request();
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'vehicle-inspection',
      state: 'requested',
      assignedRole: 'technical_director',
      data: { vin: 'LSVAU2180N2183294' },
      deadlines: [expect.objectContaining({ kind: 'inspection', status: 'pending' })],
    });
    const started = await act(created.body.id, 'start');
    expect(started.body).toMatchObject({ state: 'in_progress', allowedActions: ['record-findings'] });
    const done = await act(created.body.id, 'record-findings', { findings: 'Loose heat shield' });
    expect(done.body).toMatchObject({
      state: 'done',
      assignedRole: null,
      deadlines: [expect.objectContaining({ kind: 'inspection', status: 'met' })],
    });
  });

  it('refuses a payload its schema does not allow, naming the field, and records nothing', async () => {
    const created = await request();
    await act(created.body.id, 'start');
    const refused = await act(created.body.id, 'record-findings', { findings: '', colour: 'red' });
    expect(refused.status).toBe(400);
    const fields = (refused.body as unknown as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['findings', 'colour']));
    const history = await engine.request<{ events: unknown[] }>(
      'GET',
      `/api/v1/vehicle-inspections/${created.body.id}/history`,
      { caller: technicalDirector },
    );
    expect(history.body.events).toHaveLength(2);
  });

  it('lists its cases, breaches its clock through the sweeper and keeps a verifiable history', async () => {
    const created = await request();
    const list = await engine.request<{ items: View[] }>(
      'GET',
      '/api/v1/vehicle-inspections?state=requested',
      {
        caller: technicalDirector,
      },
    );
    expect(list.body.items.map((item) => item.id)).toContain(created.body.id);

    clock.advance(4 * 3600_000 + 1000);
    const deadline = Date.now() + 10_000;
    let breached: { items: { caseId: string }[] } = { items: [] };
    while (Date.now() < deadline) {
      breached = (
        await engine.request<{ items: { caseId: string }[] }>(
          'GET',
          '/api/v1/sla/deadlines?status=breached&kind=inspection',
          { caller: technicalDirector },
        )
      ).body;
      if (breached.items.some((item) => item.caseId === created.body.id)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(breached.items.map((item) => item.caseId)).toContain(created.body.id);

    const history = await engine.request<{ events: { type: string; actor: { id: string } }[] }>(
      'GET',
      `/api/v1/vehicle-inspections/${created.body.id}/history`,
      { caller: auditorNational },
    );
    expect(history.body.events.map((event) => event.type)).toEqual([
      'InspectionRequested',
      'InspectionDeadlineBreached',
    ]);
    const verification = await engine.request<{ ok: boolean; events: number }>(
      'GET',
      `/api/v1/vehicle-inspections/${created.body.id}/verification`,
      { caller: auditorNational },
    );
    expect(verification.body).toMatchObject({ ok: true, events: 2 });
  });

  it('appears in the OpenAPI document with its own schemas', async () => {
    const openapi = await engine.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/vehicle-inspections',
        '/api/v1/vehicle-inspections/{id}/actions/record-findings',
      ]),
    );
  });
});
