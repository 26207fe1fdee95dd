import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FixedClock } from '../../libs/kernel/index.js';
import {
  auditorNational,
  complaintIntake,
  customerService,
  serviceAdvisor,
  technicalDirector,
} from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

interface Deadline {
  kind: string;
  status: string;
  dueAt: string;
  warning: boolean;
  accountableRole: string;
  pausedSeconds: number;
  pauseReason: string | null;
}
interface View {
  id: string;
  state: string;
  assignedRole: string;
  data: { escalationLevel: number };
  deadlines: Deadline[];
}

/** Polls (bounded) until the in-process sweeper, on its 1-second interval, has acted. */
async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('SLA clocks end to end, with durations of seconds set through configuration', () => {
  let engine: EngineUnderTest;
  let clock: FixedClock;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({
      env: { SLA_COMPLAINT_FEEDBACK: 'PT4S', SLA_COMPLAINT_FOLLOW_UP: 'PT10S', SLA_SWEEP_INTERVAL: 'PT0.2S' },
    });
    clock = engine.clock as FixedClock;
  });
  afterAll(async () => {
    await engine.stop();
  });

  const act = (id: string, caller: Caller, action: string, body: unknown = {}) =>
    engine.request<View>('POST', `/api/v1/complaints/${id}/actions/${action}`, { caller, body });
  const view = async (id: string) =>
    (await engine.request<View>('GET', `/api/v1/complaints/${id}`, { caller: customerService })).body;

  /** A new (v3) complaint whose service advisor has just received the internal repair order. */
  async function awaitingFeedback(): Promise<string> {
    const created = await engine.request<View>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake(),
    });
    const id = created.body.id;
    const verified = await act(id, customerService, 'verify', {
      findings: 'confirmed',
      problemClass: 'technical',
      judgement: 'defect',
    });
    // 001 「服务顾问在收到《维修委托书》的24小时内」: no feedback clock at routing on v3.
    expect(verified.body.deadlines).toEqual([]);
    await act(id, technicalDirector, 'propose-resolution', {
      cause: 'c',
      plan: 'p',
      costHandling: { payer: 'dealer', amountCents: 10_000 },
    });
    await act(id, serviceAdvisor, 'record-customer-reply', { decision: 'accepted' });
    const received = await act(id, serviceAdvisor, 'receive-repair-order', { internalOrderRef: 'IRO-1' });
    expect(received.body.deadlines).toEqual([
      expect.objectContaining({ kind: 'feedback', status: 'pending', warning: false }),
    ]);
    return id;
  }

  it('escalates a complaint automatically after a missed feedback deadline', async () => {
    const id = await awaitingFeedback();
    clock.advance(3500);
    expect((await view(id)).deadlines[0]).toMatchObject({ status: 'pending', warning: true });
    const queue = await engine.request<{ items: View[] }>('GET', '/api/v1/work-queue', {
      caller: technicalDirector,
    });
    expect(queue.body.items.find((item) => item.id === id)?.deadlines[0]).toMatchObject({ warning: true });

    clock.advance(1000);
    const escalated = await eventually(
      () => view(id),
      (current) => current.deadlines[0]?.status === 'breached',
    );
    expect(escalated).toMatchObject({
      state: 'routed',
      assignedRole: 'service_manager',
      data: { escalationLevel: 1 },
    });
    // Charged to the role that held the case when it ran out; the manager reached gets a clock of their own.
    expect(escalated.deadlines).toEqual([
      expect.objectContaining({ kind: 'feedback', status: 'breached', accountableRole: 'service_advisor' }),
      expect.objectContaining({ kind: 'take-over', status: 'pending', accountableRole: 'service_manager' }),
    ]);

    const history = await engine.request<{ events: { type: string; actor: { id: string } }[] }>(
      'GET',
      `/api/v1/complaints/${id}/history`,
      {
        caller: customerService,
      },
    );
    expect(history.body.events.map((event) => [event.type, event.actor.id])).toContainEqual([
      'ComplaintDeadlineBreached',
      'system',
    ]);

    const deadlines = await engine.request<{ items: { caseId: string; status: string }[] }>(
      'GET',
      '/api/v1/sla/deadlines?status=breached',
      {
        caller: customerService,
      },
    );
    expect(deadlines.body.items.map((item) => item.caseId)).toContain(id);
  });

  it('never breaches a deadline that was met', async () => {
    const id = await awaitingFeedback();
    const fed = await act(id, serviceAdvisor, 'report-feedback', { result: 'fixed' });
    expect(fed.body.deadlines[0]).toMatchObject({ kind: 'feedback', status: 'met' });
    clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const later = await view(id);
    expect(later.deadlines[0]).toMatchObject({ status: 'met' });
    expect(later.data.escalationLevel).toBe(0);
  });

  it('never breaches a clock paused in time, and moves its due time by the pause on resume', async () => {
    // 「服务顾问在收到《维修委托书》的24小时内」: a repair waiting for parts is no breach of the feedback rule.
    const id = await awaitingFeedback();
    const dueAt = (await view(id)).deadlines[0]!.dueAt;
    clock.advance(1000);
    const paused = await act(id, serviceAdvisor, 'pause-clock', {
      deadline: 'feedback',
      reason: 'waiting_for_parts',
    });
    expect(paused.status).toBe(200);
    expect(paused.body.deadlines[0]).toMatchObject({ status: 'paused', pauseReason: 'waiting_for_parts' });

    clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const waiting = await view(id);
    expect(waiting).toMatchObject({ state: 'awaiting_feedback', data: { escalationLevel: 0 } });
    expect(waiting.deadlines[0]).toMatchObject({ status: 'paused', pausedSeconds: 60 });
    const listed = await engine.request<{ items: { caseId: string }[] }>(
      'GET',
      '/api/v1/sla/deadlines?status=paused',
      { caller: customerService },
    );
    expect(listed.body.items.map((item) => item.caseId)).toContain(id);

    const resumed = await act(id, serviceAdvisor, 'resume-clock', { deadline: 'feedback' });
    expect(resumed.body.deadlines[0]).toMatchObject({
      status: 'pending',
      pauseReason: null,
      pausedSeconds: 60,
      dueAt: new Date(Date.parse(dueAt) + 60_000).toISOString(),
    });
    const fed = await act(id, serviceAdvisor, 'report-feedback', { result: 'part fitted' });
    expect(fed.body.deadlines[0]).toMatchObject({ kind: 'feedback', status: 'met', pausedSeconds: 60 });
  });

  it('refuses to pause with a reason outside the list, naming the field', async () => {
    const id = await awaitingFeedback();
    const refused = await engine.request<{ errors: { field: string }[] }>(
      'POST',
      `/api/v1/complaints/${id}/actions/pause-clock`,
      { caller: serviceAdvisor, body: { deadline: 'feedback', reason: 'lunch' } },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]?.field).toBe('reason');
    await act(id, serviceAdvisor, 'report-feedback', { result: 'fixed' });
  });

  it('reports met and breached deadlines with the compliance rate', async () => {
    const report = await engine.request<{
      groups: {
        group: string;
        met: number;
        breached: number;
        compliancePercent: number;
        paused: number;
        pausedSeconds: number;
      }[];
    }>('GET', '/api/v1/sla/report?groupBy=kind', { caller: auditorNational });
    expect(report.status).toBe(200);
    const feedback = report.body.groups.find((group) => group.group === 'feedback')!;
    expect(feedback.pausedSeconds).toBeGreaterThanOrEqual(60);
    expect(feedback.paused).toBe(0);
    expect(feedback.met).toBeGreaterThanOrEqual(1);
    expect(feedback.breached).toBeGreaterThanOrEqual(1);
    expect(feedback.compliancePercent).toBe(
      Math.round((feedback.met / (feedback.met + feedback.breached)) * 1000) / 10,
    );
    const metrics = await engine.request('GET', '/metrics');
    expect(String(metrics.body)).toMatch(/sla_deadlines\{status="breached"\} [1-9]/);
  });

  it('refuses a report grouping it does not know', async () => {
    const result = await engine.request<{ errors: { field: string }[] }>(
      'GET',
      '/api/v1/sla/report?groupBy=weather',
      { caller: auditorNational },
    );
    expect(result.status).toBe(400);
    expect(result.body.errors[0]?.field).toBe('groupBy');
  });
});
