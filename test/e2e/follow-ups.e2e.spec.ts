import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FixedClock } from '../../libs/kernel/index.js';
import { customerService, serviceAdvisor } from './complaint-fixtures.js';
import { eventually } from './eventually.js';
import { EngineUnderTest } from './engine-under-test.js';

interface Deadline {
  kind: string;
  status: string;
  dueAt: string;
}
interface FollowUpView {
  id: string;
  state: string;
  data: {
    windowStartsAt: string;
    windowEndsAt: string;
    notReached: number;
    planVersion: number;
    complaintId: string | null;
    late: boolean;
  };
  deadlines: Deadline[];
  allowedActions: string[];
}
interface Received {
  id: string;
  followUps: string[];
}

const DAY = 24 * 60 * 60 * 1000;

describe('follow-up calls end to end (seeds 000, 001, 002, 004)', () => {
  let engine: EngineUnderTest;
  let clock: FixedClock;
  let externalIds = 0;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({ env: { SLA_SWEEP_INTERVAL: 'PT0.2S' } });
    clock = engine.clock as FixedClock;
  });
  afterAll(async () => {
    await engine.stop();
  });

  const serviceEvent = (kind: string, overrides: Record<string, unknown> = {}) => ({
    externalId: `DMS-RO-${(externalIds += 1)}`,
    kind,
    occurredAt: clock.now().toISOString(),
    vehicle: { vin: 'LSVAU2180N2183294', plate: '沪A12345', model: 'Lavida' },
    customer: { name: '王建国', phone: '13800138000', class: 'B' },
    mileageKm: 42_180,
    repairOrderId: 'RO-2026-0301-17',
    ...overrides,
  });
  const report = (body: unknown) =>
    engine.request<Received>('POST', '/api/v1/service-events', { caller: serviceAdvisor, body });
  const view = async (id: string) =>
    (await engine.request<FollowUpView>('GET', `/api/v1/follow-ups/${id}`, { caller: customerService })).body;
  const act = (id: string, action: string, body: unknown) =>
    engine.request<FollowUpView>('POST', `/api/v1/follow-ups/${id}/actions/${action}`, {
      caller: customerService,
      body,
    });

  it('schedules a call due between 3 and 7 days after a repair: 「维修后的用户回访(3-7 天内)」', async () => {
    const repairedAt = clock.now().getTime();
    const received = await report(serviceEvent('repair_completed'));
    expect(received.status).toBe(202);
    expect(received.body.followUps).toHaveLength(1);
    const call = await view(received.body.followUps[0]!);
    expect(call.state).toBe('scheduled');
    expect(Date.parse(call.data.windowStartsAt) - repairedAt).toBe(3 * DAY);
    expect(Date.parse(call.data.windowEndsAt) - repairedAt).toBe(7 * DAY);
    expect(call.data.planVersion).toBe(3);
    expect(call.deadlines).toEqual([
      expect.objectContaining({ kind: 'window', status: 'pending', dueAt: call.data.windowEndsAt }),
    ]);
  });

  it('schedules two calls after a delivery: 「购车后7天内回访」 and 「新车提车后的2~3周内」, and 「30日时提醒客户首次保养」', async () => {
    const received = await report(serviceEvent('vehicle_delivered'));
    const calls = await Promise.all(received.body.followUps.map(view));
    expect(calls.map((call) => call.deadlines[0]?.dueAt)).toEqual([
      new Date(clock.now().getTime() + 7 * DAY).toISOString(),
      new Date(clock.now().getTime() + 21 * DAY).toISOString(),
      new Date(clock.now().getTime() + 31 * DAY).toISOString(),
    ]);
  });

  it('answers a repeated report with the same ids and records nothing new', async () => {
    const body = serviceEvent('repair_completed');
    const first = await report(body);
    const again = await report(body);
    const byAnotherUser = await engine.request<Received>('POST', '/api/v1/service-events', {
      caller: { ...serviceAdvisor, sub: 'li.sa' },
      body: { ...body, mileageKm: 42_181 },
    });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(byAnotherUser.body).toEqual(first.body);
    const listed = await engine.request<{ items: { id: string }[] }>('GET', `/api/v1/follow-ups?limit=200`, {
      caller: customerService,
    });
    expect(listed.body.items.filter((item) => item.id === first.body.followUps[0])).toHaveLength(1);
    const history = await engine.request<{ events: unknown[] }>(
      'GET',
      `/api/v1/service-events/${first.body.id}/history`,
      { caller: customerService },
    );
    expect(history.body.events).toHaveLength(1);
  });

  it('refuses a service event the schema refuses, naming the field, and schedules nothing', async () => {
    const refused = await report(serviceEvent('oil_change'));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('kind');
  });

  it('retries a customer not reached, per the plan, and gives up after its attempts', async () => {
    const received = await report(serviceEvent('repair_completed'));
    const id = received.body.followUps[0]!;
    const first = await act(id, 'record-attempt', { outcome: 'not_reached', notes: '无人接听' });
    expect(first.body).toMatchObject({ state: 'scheduled', data: { notReached: 1 } });
    await act(id, 'record-attempt', { outcome: 'not_reached' });
    const third = await act(id, 'record-attempt', { outcome: 'not_reached' });
    expect(third.body).toMatchObject({ state: 'unreachable', data: { notReached: 3 } });
    // The dealer did what the plan asks: the window's clock ends without a verdict (and is not shown).
    expect((await view(id)).deadlines).toEqual([]);
  });

  it('breaches a missed window once, and lets the late call be completed', async () => {
    const received = await report(serviceEvent('maintenance_completed'));
    const id = received.body.followUps[0]!;
    clock.advance(3 * DAY + 1000);
    const missed = await eventually(
      () => view(id),
      (call) => call.state === 'missed' && call.deadlines[0]?.status === 'breached',
    );
    expect(missed).toMatchObject({ state: 'missed', data: { late: true } });
    expect(missed.deadlines[0]).toMatchObject({ kind: 'window', status: 'breached' });
    clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const history = await engine.request<{ events: { type: string }[] }>(
      'GET',
      `/api/v1/follow-ups/${id}/history`,
      { caller: customerService },
    );
    expect(history.body.events.filter((event) => event.type === 'FollowUpWindowMissed')).toHaveLength(1);
    const late = await act(id, 'complete', { satisfaction: 'satisfied' });
    expect(late.body).toMatchObject({ state: 'completed', data: { late: true } });
  });

  it('opens a complaint linked to the follow-up for an unhappy customer, prefilled, once', async () => {
    const received = await report(serviceEvent('repair_completed'));
    const id = received.body.followUps[0]!;
    await act(id, 'record-attempt', { outcome: 'reached' });
    await act(id, 'complete', { satisfaction: 'very_dissatisfied', answers: { 维修质量: '没修好' } });
    const opened = await act(id, 'open-complaint', {
      category: 'repair_technique',
      description: '客户反映异响仍在',
    });
    expect(opened.status).toBe(200);
    const complaintId = opened.body.data.complaintId!;
    expect(opened.headers.get('location')).toBe(`/api/v1/complaints/${complaintId}`);
    const complaint = await engine.request<{
      state: string;
      data: { channel: string; customer: { name: string; phone: string }; vehicle: { vin: string } };
    }>('GET', `/api/v1/complaints/${complaintId}`, { caller: customerService });
    expect(complaint.body.data).toMatchObject({
      channel: 'phone',
      customer: { name: '王建国', phone: '13800138000' },
      vehicle: { vin: 'LSVAU2180N2183294' },
      repairOrderId: 'RO-2026-0301-17',
      description: '客户反映异响仍在',
    });
    const retried = await act(id, 'open-complaint', { category: 'repair_technique' });
    expect(retried.body.data.complaintId).toBe(complaintId);
    const again = await act(id, 'open-complaint', { category: 'delay' });
    expect(again.body.data.complaintId).toBe(complaintId);
  });

  it('opens no complaint for a call nobody answered yet', async () => {
    const received = await report(serviceEvent('repair_completed'));
    const refused = await act(received.body.followUps[0]!, 'open-complaint', { category: 'delay' });
    expect(refused.status).toBe(409);
  });
});

describe('service events imported from CSV', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });
  const csv = (text: string, contentType = 'text/csv; charset=utf-8') =>
    engine.request<{ accepted: number; refused: { line: number; errors: { field: string }[] }[] }>(
      'POST',
      '/api/v1/service-events/import',
      { caller: serviceAdvisor, rawBody: text, headers: { 'content-type': contentType } },
    );

  it('reports the bad lines and keeps the good ones (UTF-8 with a BOM)', async () => {
    const text = [
      '\uFEFFexternalId,kind,occurredAt,vin,plate,customerName,customerPhone,customerClass,mileageKm',
      'CSV-1,repair_completed,2026-03-02T09:00:00+08:00,LSVAU2180N2183294,沪A12345,王建国,13800138000,B,42180',
      'CSV-2,oil_change,2026-03-02T09:00:00+08:00,LSVAU2180N2183294,,李娜,13900139000,,',
      'CSV-3,vehicle_delivered,2026-03-02T10:00:00+08:00,LSVAU2180N2183295,,"张,伟",13700137000,A,12',
      'CSV-4,repair_completed,yesterday,LSVAU2180N2183294,,王建国,13800138000,,',
      'CSV-5,parts_purchased',
    ].join('\r\n');
    const imported = await csv(text);
    expect(imported.status).toBe(200);
    expect(imported.body.accepted).toBe(2);
    expect(imported.body.refused.map((refusal) => refusal.line)).toEqual([3, 5, 6]);
    expect(imported.body.refused[0]!.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    expect(imported.body.refused[1]!.errors).toEqual([expect.objectContaining({ field: 'occurredAt' })]);
    const calls = await engine.request<{ items: unknown[] }>('GET', '/api/v1/follow-ups', {
      caller: customerService,
    });
    // One call after the repair, two calls and the first-maintenance SMS after the delivery.
    expect(calls.body.items).toHaveLength(4);
    const again = await csv(text);
    expect(again.body.accepted).toBe(2);
    expect(
      (await engine.request<{ items: unknown[] }>('GET', '/api/v1/follow-ups', { caller: customerService }))
        .body.items,
    ).toHaveLength(4);
  });

  it('takes CSV on the import route only', async () => {
    const refused = await engine.request('POST', '/api/v1/service-events', {
      caller: serviceAdvisor,
      rawBody: 'externalId\nX',
      headers: { 'content-type': 'text/csv' },
    });
    expect(refused.status).toBe(415);
    expect((await csv('externalId,kind\n')).status).toBe(400);
  });
});
