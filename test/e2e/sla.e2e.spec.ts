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

  async function routed(): Promise<string> {
    const created = await engine.request<View>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake(),
    });
    const verified = await act(created.body.id, customerService, 'verify', {
      findings: 'confirmed',
      problemClass: 'technical',
    });
    expect(verified.body.deadlines).toEqual([
      expect.objectContaining({ kind: 'feedback', status: 'pending', warning: false }),
    ]);
    return created.body.id;
  }

  it('escalates a complaint automatically after a missed feedback deadline', async () => {
    const id = await routed();
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
    const id = await routed();
    await act(id, technicalDirector, 'propose-resolution', { cause: 'c', plan: 'p' });
    await act(id, customerService, 'record-customer-reply', { decision: 'accepted' });
    const fed = await act(id, serviceAdvisor, 'report-feedback', { result: 'fixed' });
    expect(fed.body.deadlines[0]).toMatchObject({ kind: 'feedback', status: 'met' });
    clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const later = await view(id);
    expect(later.deadlines[0]).toMatchObject({ status: 'met' });
    expect(later.data.escalationLevel).toBe(0);
  });

  it('reports met and breached deadlines with the compliance rate', async () => {
    const report = await engine.request<{
      groups: { group: string; met: number; breached: number; compliancePercent: number }[];
    }>('GET', '/api/v1/sla/report?groupBy=kind', { caller: auditorNational });
    expect(report.status).toBe(200);
    const feedback = report.body.groups.find((group) => group.group === 'feedback')!;
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
