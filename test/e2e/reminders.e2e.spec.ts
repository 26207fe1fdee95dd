import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import type { Clock } from '../../libs/kernel/index.js';
import { customerService, serviceAdvisor } from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import { eventually } from './eventually.js';
import { WebhookReceiver, type ReceivedWebhook } from './webhook-receiver.js';

const integrationAdmin: Caller = {
  sub: 'zhou.integration',
  name: 'zhou.integration',
  roles: ['integration_admin'],
};
const SECRET = 'the-sms-gateway-shared-secret-0001';
const DAY = 24 * 60 * 60 * 1000;

interface FollowUpView {
  id: string;
  state: string;
  data: {
    purpose: string;
    channel: string;
    windowStartsAt: string;
    windowEndsAt: string;
    anchorAt: string | null;
    recordsMileage: boolean;
    mileageKm: number | null;
    reminderStatus: string | null;
  };
  deadlines: { kind: string; status: string; dueAt: string }[];
}
interface HistoryEvent {
  type: string;
  data: Record<string, unknown>;
  actor: { id: string };
}

/**
 * Seed 004 「保养提醒」: 「在下次保养日前13 日对客户进行提醒招来: ☆发送手机短信、电子邮件等形式给客户」, then
 * 「在客户入厂日前11 日,使用电话提醒客户下次入厂保养」 and 「询问客户最新的行驶里程并输入系统」, on the built engine
 * with a real SMS gateway receiver on 127.0.0.1 (issues #25, #29).
 */
describe('maintenance reminders that reach the customer', () => {
  let engine: EngineUnderTest;
  let clock: Clock;
  let gateway: WebhookReceiver;
  let subscriptionId: string;
  let reports = 0;

  beforeAll(async () => {
    engine = await EngineUnderTest.start({
      env: { WEBHOOK_POLL_INTERVAL_MS: '20', WEBHOOK_RETRY_BASE_MS: '50', SLA_SWEEP_INTERVAL: 'PT0.2S' },
    });
    clock = engine.clock;
    gateway = await WebhookReceiver.start(SECRET, '/sms-gateway/reminders');
    const subscribed = await engine.request<{ id: string }>('POST', '/api/v1/subscriptions', {
      caller: integrationAdmin,
      body: {
        url: gateway.url,
        secret: SECRET,
        caseTypes: ['follow-up'],
        eventTypes: ['FollowUpScheduled', 'FollowUpCancelled'],
        personalData: true,
      },
    });
    expect(subscribed.status).toBe(201);
    subscriptionId = subscribed.body.id;
  });
  afterAll(async () => {
    await gateway.stop();
    await engine.stop();
  });

  /** A maintenance done now; the dealer system computed the next one 60 days later. */
  const maintenance = async (phone: string) => {
    const dueAt = new Date(clock.now().getTime() + 60 * DAY).toISOString();
    const received = await engine.request<{ followUps: string[] }>('POST', '/api/v1/service-events', {
      caller: serviceAdvisor,
      body: {
        externalId: `DMS-MT-${(reports += 1)}`,
        kind: 'maintenance_completed',
        occurredAt: clock.now().toISOString(),
        vehicle: { vin: 'LSVAU2180N2183294', plate: '沪A12345' },
        customer: { name: '王建国', phone, email: 'wang.jianguo@example.cn' },
        mileageKm: 42_180,
        nextMaintenanceDueAt: dueAt,
      },
    });
    expect(received.status).toBe(202);
    const calls = await Promise.all(received.body.followUps.map(view));
    return { dueAt, calls, byChannel: (channel: string) => calls.filter((c) => c.data.channel === channel) };
  };
  const view = async (id: string) =>
    (await engine.request<FollowUpView>('GET', `/api/v1/follow-ups/${id}`, { caller: customerService })).body;
  const history = async (id: string) =>
    (
      await engine.request<{ events: HistoryEvent[] }>('GET', `/api/v1/follow-ups/${id}/history`, {
        caller: customerService,
      })
    ).body.events;

  /** The gateway's callback, signed as it signs: Standard Webhooks headers over the raw body. */
  const receipt = (followUpId: string, body: Record<string, unknown>, secret = SECRET) => {
    const raw = JSON.stringify({ subscriptionId, ...body });
    const id = `cb-${String(body.messageId)}-${String(body.status)}`;
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    const signature = `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${raw}`).digest('base64')}`;
    return engine.request<{ followUpId: string; recorded: boolean; state: string }>(
      'POST',
      `/api/v1/follow-ups/${followUpId}/reminder-receipts`,
      {
        rawBody: raw,
        headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
      },
    );
  };
  const deliveredTo = async (followUpId: string): Promise<ReceivedWebhook> => {
    const until = Date.now() + 15_000;
    for (;;) {
      const found = gateway.accepted.find((hook) => hook.body.caseId === followUpId);
      if (found !== undefined) return found;
      if (Date.now() > until) throw new Error(`no delivery for ${followUpId}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('schedules the SMS 13 days and the mileage call 11 days before the next maintenance, and a second call before the parts lead time', async () => {
    const { dueAt, calls, byChannel } = await maintenance('13800138000');
    const before = (days: number) => new Date(Date.parse(dueAt) - days * DAY).toISOString();
    // 「首保后0到3天内…回访」, then the three reminders counted back from the date.
    expect(calls).toHaveLength(4);
    const [sms] = byChannel('sms');
    expect(sms!.data).toEqual(
      expect.objectContaining({ windowStartsAt: before(13), windowEndsAt: before(12), anchorAt: dueAt }),
    );
    expect(sms!.deadlines).toEqual([
      { ...sms!.deadlines[0], kind: 'window', status: 'pending', dueAt: before(12) },
    ]);
    const [, mileageCall, secondCall] = byChannel('phone');
    expect(mileageCall!.data).toEqual(
      expect.objectContaining({ windowStartsAt: before(11), windowEndsAt: before(10), recordsMileage: true }),
    );
    expect(mileageCall!.deadlines[0]).toEqual(
      expect.objectContaining({ status: 'pending', dueAt: before(10) }),
    );
    expect(secondCall!.data).toEqual(
      expect.objectContaining({ windowStartsAt: before(9), windowEndsAt: before(7), recordsMileage: false }),
    );
  });

  it('delivers the SMS reminder to the gateway, signed, with the phone number in clear for it alone', async () => {
    // Another system subscribed to follow-ups without personal data gets the number masked.
    const other = await WebhookReceiver.start(SECRET, '/dms');
    const otherSubscription = await engine.request<{ id: string }>('POST', '/api/v1/subscriptions', {
      caller: integrationAdmin,
      body: { url: other.url, secret: SECRET, caseTypes: ['follow-up'], eventTypes: ['FollowUpScheduled'] },
    });
    const { byChannel } = await maintenance('13800138001');
    const [sms] = byChannel('sms');
    const delivered = await deliveredTo(sms!.id);
    expect(gateway.badSignatures).toEqual([]);
    expect(delivered.body).toEqual(
      expect.objectContaining({
        type: 'FollowUpScheduled',
        caseType: 'follow-up',
        data: expect.objectContaining({
          channel: 'sms',
          recipient: { phone: '13800138001' },
          windowStartsAt: sms!.data.windowStartsAt,
          purpose: sms!.data.purpose,
        }),
      }),
    );
    const seenByOther = await other.waitForAccepted(4);
    expect(seenByOther.find((hook) => hook.body.caseId === sms!.id)!.body.data.recipient).toEqual({
      phone: '138****8001',
    });
    await engine.request('DELETE', `/api/v1/subscriptions/${otherSubscription.body.id}`, {
      caller: integrationAdmin,
    });
    await other.stop();
  });

  it('records the gateway’s answer on the follow-up once, shown in its history, and meets the window', async () => {
    const { byChannel } = await maintenance('13800138002');
    const [sms] = byChannel('sms');
    await deliveredTo(sms!.id);
    const sent = await receipt(sms!.id, { messageId: 'sms-0002', status: 'sent' });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ followUpId: sms!.id, recorded: true, state: 'sent' });
    const again = await receipt(sms!.id, { messageId: 'sms-0002', status: 'sent' });
    expect(again.body).toEqual({ followUpId: sms!.id, recorded: false, state: 'sent' });
    const replied = await receipt(sms!.id, {
      messageId: 'sms-0002',
      status: 'replied',
      reply: '好的,按时到店',
    });
    expect(replied.body.state).toBe('replied');
    const events = await history(sms!.id);
    expect(events.map((event) => event.type)).toEqual([
      'FollowUpScheduled',
      'FollowUpReminderSent',
      'FollowUpReminderReplied',
    ]);
    expect(events[1]).toEqual(
      expect.objectContaining({
        data: { messageId: 'sms-0002' },
        actor: expect.objectContaining({ id: `gateway:${subscriptionId}` }),
      }),
    );
    const after = await view(sms!.id);
    expect(after.data.reminderStatus).toBe('replied');
    expect(after.deadlines).toEqual([expect.objectContaining({ kind: 'window', status: 'met' })]);
  });

  it('shows what became of a reminder in the customer record (客户档案): the gateway’s answer is the contact’s outcome', async () => {
    const { byChannel } = await maintenance('13800138009');
    const [sms] = byChannel('sms');
    await deliveredTo(sms!.id);
    expect((await receipt(sms!.id, { messageId: 'sms-0009', status: 'sent' })).status).toBe(200);
    const contactOf = async () =>
      (
        await engine.request<{ items: { history: { caseId: string; outcome: string | null }[] }[] }>(
          'GET',
          '/api/v1/customers?phone=13800138009',
          { caller: customerService },
        )
      ).body.items[0]?.history.find((contact) => contact.caseId === sms!.id);
    const contact = await eventually(contactOf, (found) => found?.outcome === 'sent');
    expect(contact).toEqual(expect.objectContaining({ caseType: 'follow-up', outcome: 'sent' }));
  });

  it('refuses a callback not signed with the subscription’s secret (401) and a bad one naming the field (400), recording nothing', async () => {
    const { byChannel } = await maintenance('13800138003');
    const [sms] = byChannel('sms');
    const forged = await receipt(
      sms!.id,
      { messageId: 'sms-0003', status: 'sent' },
      'another-secret-of-enough-length',
    );
    expect(forged.status).toBe(401);
    const bad = await receipt(sms!.id, { messageId: 'sms-0003', status: 'delivered' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('status');
    const unsigned = await engine.request('POST', `/api/v1/follow-ups/${sms!.id}/reminder-receipts`, {
      body: { subscriptionId, messageId: 'sms-0003', status: 'sent' },
    });
    expect(unsigned.status).toBe(401);
    expect((await history(sms!.id)).map((event) => event.type)).toEqual(['FollowUpScheduled']);
  });

  it('keeps the phone call due when the SMS fails: 「在客户收到邮件和手机短信之后…使用电话提醒」', async () => {
    const { byChannel } = await maintenance('13800138004');
    const [sms] = byChannel('sms');
    const failed = await receipt(sms!.id, { messageId: 'sms-0004', status: 'failed', reason: '空号' });
    expect(failed.body.state).toBe('failed');
    const afterFailure = await view(sms!.id);
    expect(afterFailure.deadlines).toEqual([]);
    const [, mileageCall] = byChannel('phone');
    const call = await view(mileageCall!.id);
    expect(call.state).toBe('scheduled');
    expect(call.deadlines).toEqual([expect.objectContaining({ status: 'pending' })]);
    // A receipt for a phone call is not the gateway's to give.
    expect((await receipt(mileageCall!.id, { messageId: 'sms-0004', status: 'sent' })).status).toBe(409);
  });

  it('completes the reminder call only with the customer’s current mileage: 「询问客户最新的行驶里程并输入系统」', async () => {
    const { byChannel } = await maintenance('13800138005');
    const [, mileageCall] = byChannel('phone');
    const act = (action: string, body: unknown) =>
      engine.request<FollowUpView>('POST', `/api/v1/follow-ups/${mileageCall!.id}/actions/${action}`, {
        caller: customerService,
        body,
      });
    expect((await act('record-attempt', { outcome: 'reached' })).body.state).toBe('reached');
    const without = await act('complete', { satisfaction: 'satisfied' });
    expect(without.status).toBe(400);
    expect(JSON.stringify(without.body)).toContain('mileageKm');
    const completed = await act('complete', {
      satisfaction: 'satisfied',
      mileageKm: 48_960,
      notes: '已预约入厂',
    });
    expect(completed.body.state).toBe('completed');
    expect(completed.body.data.mileageKm).toBe(48_960);
  });

  describe('list filters', () => {
    type Listed = { items: { id: string; data: { channel: string; windowStartsAt: string } }[] };
    const list = (query: string) =>
      engine.request<Listed>('GET', `/api/v1/follow-ups?${query}&limit=200`, { caller: customerService });

    it('lists the reminders of one channel due before a time', async () => {
      const { byChannel } = await maintenance('13800138006');
      const [sms] = byChannel('sms');
      const smsOnly = await list('kind=sms');
      expect(smsOnly.status).toBe(200);
      expect(smsOnly.body.items.length).toBeGreaterThan(0);
      expect(smsOnly.body.items.every((item) => item.data.channel === 'sms')).toBe(true);
      const opens = Date.parse(sms!.data.windowStartsAt);
      const dueSoon = await list(`kind=sms&dueBefore=${new Date(opens + 1000).toISOString()}`);
      expect(dueSoon.body.items.map((item) => item.id)).toContain(sms!.id);
      const notYet = await list(`kind=sms&dueBefore=${new Date(opens).toISOString()}`);
      expect(notYet.body.items.map((item) => item.id)).not.toContain(sms!.id);
      expect(notYet.body.items.every((item) => Date.parse(item.data.windowStartsAt) < opens)).toBe(true);
    });

    it('answers 400 naming the field for a kind or time it does not know', async () => {
      for (const [query, field] of [
        ['kind=fax', 'kind'],
        ['kind=SMS!', 'kind'],
        ['dueBefore=next-week', 'dueBefore'],
      ]) {
        const response = await list(query!);
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
        expect(JSON.stringify(response.body)).toContain(`"${field}"`);
      }
      const complaints = await engine.request('GET', '/api/v1/complaints?kind=phone', {
        caller: customerService,
      });
      expect(complaints.status).toBe(400);
      expect(JSON.stringify(complaints.body)).toContain('"kind"');
    });
  });
});
