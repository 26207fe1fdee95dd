import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  complaintIntake,
  customerService,
  generalManager,
  serviceAdvisor,
  serviceManager,
  technicalDirector,
} from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

interface View {
  id: string;
  state: string;
  machineVersion: number;
  assignedRole: string | null;
  allowedActions: string[];
  data: Record<string, unknown>;
  deadlines: { kind: string; status: string; accountableRole: string; startedAt: string }[];
}

/**
 * The guards complaint v3 adds (seeds 001, 004), over HTTP. A paused clock that does not breach is in
 * sla.e2e.spec.ts, where the sweeper runs on seconds.
 */
describe('complaint v3 guards over HTTP', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  const send = (id: string, caller: Caller, action: string, body: unknown = {}) =>
    engine.request<View & { errors?: { field: string }[] }>(
      'POST',
      `/api/v1/complaints/${id}/actions/${action}`,
      { caller, body },
    );
  async function act(id: string, caller: Caller, action: string, body: unknown = {}): Promise<View> {
    const result = await send(id, caller, action, body);
    expect({ action, status: result.status }).toEqual({ action, status: 200 });
    return result.body;
  }
  async function verified(problemClass: string): Promise<string> {
    const created = await engine.request<View>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake(),
    });
    expect(created.body.machineVersion).toBe(4);
    await act(created.body.id, customerService, 'verify', {
      findings: 'confirmed',
      problemClass,
      judgement: 'defect',
    });
    return created.body.id;
  }

  it('escalates one level above the current holder: a service-manager case goes to the general manager, with a take-over clock', async () => {
    // 001 「不能及时处理的问题,要分级上报」;「总经理接到下级报告后…出具意见和解决方案」
    const id = await verified('other');
    const view = await act(id, customerService, 'escalate', { reason: 'customer asks for the top' });
    expect(view).toMatchObject({
      state: 'routed',
      assignedRole: 'general_manager',
      data: { escalationLevel: 2, authorityLimitCents: 5_000_000 },
    });
    expect(view.deadlines).toEqual([
      expect.objectContaining({ kind: 'take-over', status: 'pending', accountableRole: 'general_manager' }),
    ]);
    const taken = await act(id, generalManager, 'take-over');
    expect(taken.deadlines).toEqual([expect.objectContaining({ kind: 'take-over', status: 'met' })]);
  });

  it('lets a handler escalate their own case, to the service manager', async () => {
    const id = await verified('technical');
    const view = await act(id, technicalDirector, 'escalate', { reason: 'beyond my authority' });
    expect(view).toMatchObject({ assignedRole: 'service_manager', data: { escalationLevel: 1 } });
  });

  it("refuses a plan above the holder's authority (权限范围), naming the amount", async () => {
    const id = await verified('technical');
    const refused = await send(id, technicalDirector, 'propose-resolution', {
      cause: 'c',
      plan: 'new engine',
      costHandling: { payer: 'dealer', amountCents: 300_000 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((error) => error.field)).toEqual(['costHandling.amountCents']);
  });

  it('needs the service manager and a reply to the customer to dismiss (首问责任制)', async () => {
    const created = await engine.request<View>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake({ category: 'repair_price' }),
    });
    const id = created.body.id;
    const withoutReply = await send(id, customerService, 'dismiss', { reason: 'price as quoted' });
    expect(withoutReply.status).toBe(400);
    expect(withoutReply.body.errors?.map((error) => error.field)).toEqual(['customerReply']);

    const asked = await act(id, customerService, 'dismiss', {
      reason: 'price as quoted',
      customerReply: 'showed the signed quote',
    });
    expect(asked).toMatchObject({ state: 'awaiting_dismissal_approval', assignedRole: 'service_manager' });
    expect([403, 409]).toContain((await send(id, customerService, 'approve-dismissal')).status);
    const dismissed = await act(id, serviceManager, 'approve-dismissal');
    expect(dismissed).toMatchObject({
      state: 'dismissed',
      data: { dismissalApprovedBy: serviceManager.sub },
    });
  });

  it('starts the 24-hour feedback clock when the service advisor receives the repair order, not at routing', async () => {
    // 001 「服务顾问在收到《维修委托书》的24小时内」
    const id = await verified('technical');
    expect(
      (
        await act(id, technicalDirector, 'propose-resolution', {
          cause: 'c',
          plan: 'p',
          costHandling: { payer: 'oem', amountCents: 50_000 },
        })
      ).deadlines,
    ).toEqual([]);
    expect(
      (await act(id, serviceAdvisor, 'record-customer-reply', { decision: 'accepted' })).deadlines,
    ).toEqual([]);
    const received = await act(id, serviceAdvisor, 'receive-repair-order', { internalOrderRef: 'IRO-9' });
    expect(received.deadlines).toEqual([
      expect.objectContaining({
        kind: 'feedback',
        status: 'pending',
        accountableRole: 'service_advisor',
        startedAt: engine.clock.now().toISOString(),
      }),
    ]);
  });
});
