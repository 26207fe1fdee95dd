import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FixedClock } from '../../libs/kernel/index.js';
import {
  complaintIntake,
  customerService,
  generalManager,
  partsManager,
  reception,
  serviceAdvisor,
  serviceManager,
  technicalDirector,
} from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

interface View {
  id: string;
  state: string;
  revision: number;
  assignedRole: string | null;
  allowedActions: string[];
  data: Record<string, unknown>;
  deadlines: { kind: string; status: string }[];
}
interface HistoryEvent {
  revision: number;
  type: string;
  actor: { id: string; roles: string[] };
  fromState: string;
  toState: string;
  occurredAt: string;
}

describe('complaint lifecycle over HTTP on the embedded store', () => {
  let engine: EngineUnderTest;
  let clock: FixedClock;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    clock = engine.clock as FixedClock;
  });
  afterAll(async () => {
    await engine.stop();
  });

  const everyone: Caller[] = [
    reception,
    customerService,
    serviceAdvisor,
    technicalDirector,
    partsManager,
    serviceManager,
    generalManager,
  ];

  async function act(id: string, caller: Caller, action: string, body: unknown = {}): Promise<View> {
    clock.advance(10 * 60_000);
    const result = await engine.request<View>('POST', `/api/v1/complaints/${id}/actions/${action}`, {
      caller,
      body,
    });
    expect({ action, status: result.status, body: result.status === 200 ? 'ok' : result.body }).toEqual({
      action,
      status: 200,
      body: 'ok',
    });
    return result.body;
  }

  /** After each step: every role sees exactly the actions the machine gives it. */
  async function expectAllowed(id: string, expected: Partial<Record<string, string[]>>): Promise<void> {
    for (const caller of everyone) {
      const view = await engine.request<View>('GET', `/api/v1/complaints/${id}`, { caller });
      expect({ role: caller.roles[0], allowed: view.body.allowedActions }).toEqual({
        role: caller.roles[0],
        allowed: expected[caller.roles[0]!] ?? [],
      });
    }
  }

  async function history(id: string): Promise<HistoryEvent[]> {
    return (
      await engine.request<{ events: HistoryEvent[] }>('GET', `/api/v1/complaints/${id}/history`, {
        caller: customerService,
      })
    ).body.events;
  }

  async function open(caller: Caller, body = complaintIntake()): Promise<View> {
    const created = await engine.request<View>('POST', '/api/v1/complaints', { caller, body });
    expect(created.status).toBe(201);
    return created.body;
  }

  const cost = (amountCents: number, payer = 'dealer') => ({ payer, amountCents, currency: 'CNY' });

  it('walks a (v3) complaint from intake to closed with a satisfied follow-up', async () => {
    const created = await open(reception);
    expect(created).toMatchObject({ state: 'received', assignedRole: 'customer_service', machineVersion: 4 });
    await expectAllowed(created.id, {
      customer_service: ['verify', 'dismiss', 'escalate'],
      service_manager: ['escalate'],
    });
    const afterIntake = engine.clock.now().toISOString();

    let view = await act(created.id, customerService, 'verify', {
      findings: 'RO-2026-0301-17 shows the same fault',
      problemClass: 'technical',
      judgement: 'defect',
    });
    expect(view).toMatchObject({ state: 'routed', assignedRole: 'technical_director', deadlines: [] });
    await expectAllowed(created.id, {
      technical_director: ['propose-resolution', 'escalate'],
      customer_service: ['escalate'],
      service_manager: ['escalate'],
    });

    view = await act(created.id, technicalDirector, 'propose-resolution', {
      cause: 'heat shield bolt missing after the last repair',
      plan: 'refit heat shield, free of charge, courtesy car',
      appointmentAt: '2026-03-03T09:00:00.000Z',
      costHandling: cost(80_000),
    });
    // 「并将处理方案告知服务顾问」: the plan goes to the service advisor.
    expect(view).toMatchObject({ state: 'awaiting_customer_reply', assignedRole: 'service_advisor' });
    await expectAllowed(created.id, {
      customer_service: ['record-customer-reply', 'escalate'],
      service_advisor: ['record-customer-reply'],
      technical_director: ['escalate'],
      service_manager: ['escalate'],
    });

    view = await act(created.id, serviceAdvisor, 'record-customer-reply', { decision: 'accepted' });
    expect(view).toMatchObject({ state: 'awaiting_repair_order', assignedRole: 'service_advisor' });
    expect(view.data).toMatchObject({ agreedCost: { payer: 'dealer', amountCents: 80_000 } });
    view = await act(created.id, serviceAdvisor, 'receive-repair-order', { internalOrderRef: 'IRO-17' });
    expect(view).toMatchObject({ state: 'awaiting_feedback', assignedRole: 'service_advisor' });
    await expectAllowed(created.id, {
      service_advisor: ['report-feedback', 'pause-clock'],
      technical_director: ['escalate'],
      customer_service: ['escalate'],
      service_manager: ['escalate'],
    });

    view = await act(created.id, serviceAdvisor, 'report-feedback', {
      result: 'shield refitted, noise gone on test drive',
    });
    expect(view.state).toBe('awaiting_satisfaction');
    view = await act(created.id, customerService, 'confirm-satisfaction', { satisfied: true });
    expect(view.state).toBe('awaiting_follow_up');
    await expectAllowed(created.id, {
      customer_service: ['record-follow-up', 'escalate', 'pause-clock'],
      technical_director: ['escalate'],
      service_manager: ['escalate'],
    });
    view = await act(created.id, customerService, 'record-follow-up', {
      satisfaction: 'very_satisfied',
      notes: '7-day call',
    });
    expect(view.state).toBe('followed_up');
    const withoutCause = await engine.request<{ errors: { field: string }[] }>(
      'POST',
      `/api/v1/complaints/${created.id}/actions/close`,
      { caller: customerService, body: {} },
    );
    expect(withoutCause.status).toBe(400);
    expect(withoutCause.body.errors.map((error) => error.field)).toEqual(['rootCause', 'preventiveAction']);
    view = await act(created.id, customerService, 'close', {
      rootCause: 'bolt not refitted after the first repair',
      preventiveAction: 'heat shield on the post-repair checklist',
    });
    expect(view).toMatchObject({ state: 'closed', assignedRole: null });
    await expectAllowed(created.id, { customer_service: ['reopen'], service_manager: ['reopen'] });

    const events = await history(created.id);
    expect(events.map((event) => [event.type, event.actor.id, event.fromState, event.toState])).toEqual([
      ['ComplaintReceived', reception.sub, '(none)', 'received'],
      ['ComplaintVerified', customerService.sub, 'received', 'routed'],
      ['ComplaintResolutionProposed', technicalDirector.sub, 'routed', 'awaiting_customer_reply'],
      ['ComplaintCustomerReplied', serviceAdvisor.sub, 'awaiting_customer_reply', 'awaiting_repair_order'],
      ['ComplaintRepairOrderReceived', serviceAdvisor.sub, 'awaiting_repair_order', 'awaiting_feedback'],
      ['ComplaintFeedbackReported', serviceAdvisor.sub, 'awaiting_feedback', 'awaiting_satisfaction'],
      ['ComplaintSatisfactionConfirmed', customerService.sub, 'awaiting_satisfaction', 'awaiting_follow_up'],
      ['ComplaintFollowUpRecorded', customerService.sub, 'awaiting_follow_up', 'followed_up'],
      ['ComplaintClosed', customerService.sub, 'followed_up', 'closed'],
    ]);

    const then = await engine.request<View>(
      'GET',
      `/api/v1/complaints/${created.id}?asOf=${encodeURIComponent(afterIntake)}`,
      {
        caller: customerService,
      },
    );
    expect(then.body).toMatchObject({ state: 'received', revision: 0, allowedActions: [] });

    const verification = await engine.request<{ ok: boolean; events: number }>(
      'GET',
      `/api/v1/complaints/${created.id}/verification`,
      {
        caller: customerService,
      },
    );
    expect(verification.body).toMatchObject({ ok: true, events: 9 });
  });

  it('escalates a rejected complaint one level above its holder each time: service manager, then general manager', async () => {
    const created = await open(customerService, complaintIntake({ category: 'parts_quality' }));
    await act(created.id, customerService, 'verify', {
      findings: 'part on back-order for 3 weeks',
      problemClass: 'parts',
      judgement: 'defect',
    });
    await act(created.id, partsManager, 'propose-resolution', {
      cause: 'supplier delay',
      plan: 'loan part from D003',
      costHandling: cost(20_000),
    });
    let view = await act(created.id, serviceAdvisor, 'record-customer-reply', {
      decision: 'rejected',
      notes: 'wants it tomorrow',
    });
    expect(view).toMatchObject({
      state: 'routed',
      assignedRole: 'service_manager',
      data: { escalationLevel: 1, authorityLimitCents: 1_000_000 },
    });
    await expectAllowed(created.id, {
      service_manager: ['take-over', 'propose-resolution', 'escalate', 'pause-clock'],
      customer_service: ['escalate'],
    });

    await act(created.id, serviceManager, 'take-over');
    await act(created.id, serviceManager, 'propose-resolution', {
      cause: 'supplier delay',
      plan: 'air freight, 2 days',
      costHandling: cost(300_000),
    });
    view = await act(created.id, serviceAdvisor, 'record-customer-reply', { decision: 'rejected' });
    expect(view).toMatchObject({
      state: 'routed',
      assignedRole: 'general_manager',
      data: { escalationLevel: 2 },
    });
    await expectAllowed(created.id, { general_manager: ['take-over', 'propose-resolution', 'pause-clock'] });

    const refused = await engine.request<{ allowedActions: string[] }>(
      'POST',
      `/api/v1/complaints/${created.id}/actions/escalate`,
      {
        caller: customerService,
        body: { reason: 'again' },
      },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.allowedActions).toEqual([]);

    await act(created.id, generalManager, 'propose-resolution', {
      cause: 'supplier delay',
      plan: 'replacement vehicle until fixed',
      costHandling: cost(2_000_000),
    });
    view = await act(created.id, serviceAdvisor, 'record-customer-reply', { decision: 'accepted' });
    expect(view.state).toBe('awaiting_repair_order');

    const events = await history(created.id);
    expect(
      events.filter((event) => event.type === 'ComplaintCustomerReplied').map((event) => event.toState),
    ).toEqual(['routed', 'routed', 'awaiting_repair_order']);
  });

  it('reopens a complaint when the follow-up finds the customer dissatisfied', async () => {
    const created = await open(customerService);
    await act(created.id, customerService, 'verify', {
      findings: 'checked',
      problemClass: 'other',
      judgement: 'dissatisfaction',
    });
    await act(created.id, serviceManager, 'propose-resolution', {
      cause: 'rude reception',
      plan: 'apology and voucher',
      costHandling: cost(5_000),
    });
    await act(created.id, serviceAdvisor, 'record-customer-reply', { decision: 'accepted' });
    await act(created.id, serviceAdvisor, 'receive-repair-order', { internalOrderRef: 'IRO-18' });
    await act(created.id, serviceAdvisor, 'report-feedback', { result: 'voucher handed over' });
    await act(created.id, customerService, 'confirm-satisfaction', { satisfied: true });
    const view = await act(created.id, customerService, 'record-follow-up', {
      satisfaction: 'dissatisfied',
      notes: 'still upset',
    });
    expect(view).toMatchObject({
      state: 'routed',
      assignedRole: 'service_manager',
      data: { reopenCount: 1 },
    });
    await expectAllowed(created.id, {
      service_manager: ['propose-resolution', 'escalate', 'pause-clock'],
      customer_service: ['escalate'],
    });

    const list = await engine.request<{ items: View[] }>('GET', '/api/v1/complaints?state=routed&limit=50', {
      caller: customerService,
    });
    expect(list.body.items.map((item) => item.id)).toContain(created.id);
    const queue = await engine.request<{ items: View[] }>('GET', '/api/v1/work-queue', {
      caller: serviceManager,
    });
    expect(queue.body.items.find((item) => item.id === created.id)?.allowedActions).toEqual([
      'propose-resolution',
      'escalate',
      'pause-clock',
    ]);
  });

  it('refuses an action out of turn with 409 and the allowed actions', async () => {
    const created = await open(customerService);
    const result = await engine.request<{ allowedActions: string[]; status: number }>(
      'POST',
      `/api/v1/complaints/${created.id}/actions/report-feedback`,
      { caller: serviceAdvisor, body: { result: 'x' } },
    );
    expect(result.status).toBe(409);
    expect(result.body.allowedActions).toEqual([]);
  });

  it('pages the list with a cursor and filters by category and assigned role', async () => {
    for (let index = 0; index < 3; index++)
      await open(customerService, complaintIntake({ category: 'delay' }));
    const first = await engine.request<{ items: View[]; nextCursor: string | null }>(
      'GET',
      '/api/v1/complaints?category=delay&limit=2',
      {
        caller: customerService,
      },
    );
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await engine.request<{ items: View[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/complaints?category=delay&limit=2&cursor=${first.body.nextCursor}`,
      { caller: customerService },
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const byRole = await engine.request<{ items: View[] }>(
      'GET',
      '/api/v1/complaints?assignedRole=general_manager',
      { caller: customerService },
    );
    expect(byRole.body.items.every((item) => item.assignedRole === 'general_manager')).toBe(true);
    const badCursor = await engine.request<{ errors: { field: string }[] }>(
      'GET',
      '/api/v1/complaints?cursor=nonsense',
      { caller: customerService },
    );
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0]?.field).toBe('cursor');
  });
});
