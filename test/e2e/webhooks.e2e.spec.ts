import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { complaintIntake, customerService, reception } from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import { eventually } from './eventually.js';
import { WebhookReceiver } from './webhook-receiver.js';

const integrationAdmin: Caller = {
  sub: 'zhou.integration',
  name: 'zhou.integration',
  roles: ['integration_admin'],
};
const SECRET = 'a-shared-webhook-secret-of-some-length';

/** Short retries and timeouts so a test sees several attempts within a second or two. */
const FAST_WEBHOOKS = {
  WEBHOOK_POLL_INTERVAL_MS: '20',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '200',
  WEBHOOK_TIMEOUT_MS: '300',
  WEBHOOK_MAX_ATTEMPTS: '4',
};

interface SubscriptionView {
  id: string;
  url: string;
  personalData: boolean;
  startPosition: number;
  delivered: number;
  failedAttempts: number;
  deadLettered: number;
  revokedAt: string | null;
}

describe('webhooks: subscriptions and signed deliveries from the log', () => {
  let engine: EngineUnderTest;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    engine = await EngineUnderTest.start({ env: FAST_WEBHOOKS });
  });
  afterAll(async () => {
    await engine.stop();
  });
  beforeEach(async () => {
    receiver = await WebhookReceiver.start(SECRET);
  });
  afterEach(async () => {
    for (const { id } of (await subscriptions()).items.filter((item) => item.revokedAt === null))
      await engine.request('DELETE', `/api/v1/subscriptions/${id}`, { caller: integrationAdmin });
    await receiver.stop();
  });

  async function subscribe(body: Record<string, unknown> = {}): Promise<SubscriptionView> {
    const response = await engine.request<SubscriptionView>('POST', '/api/v1/subscriptions', {
      caller: integrationAdmin,
      body: { url: receiver.url, secret: SECRET, ...body },
    });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function subscriptions(): Promise<{ items: SubscriptionView[] }> {
    return (
      await engine.request<{ items: SubscriptionView[] }>('GET', '/api/v1/subscriptions', {
        caller: integrationAdmin,
      })
    ).body;
  }

  async function receiveComplaint(): Promise<{ id: string; position: number }> {
    const response = await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
      caller: reception,
      body: complaintIntake(),
    });
    expect(response.status).toBe(201);
    return { id: response.body.id, position: Number(response.headers.get('x-event-position')) };
  }

  async function verify(id: string): Promise<void> {
    const response = await engine.request('POST', `/api/v1/complaints/${id}/actions/verify`, {
      caller: customerService,
      body: {
        findings: 'repair order RO-2026-0301-17 checked',
        problemClass: 'technical',
        judgement: 'defect',
      },
    });
    expect(response.status).toBe(200);
  }

  it('given a subscription, when complaints are received and verified, then each event arrives once, signed, in order per case, with the contract body', async () => {
    const subscription = await subscribe({ caseTypes: ['complaint'] });
    expect(subscription).not.toHaveProperty('secret');
    const first = await receiveComplaint();
    const second = await receiveComplaint();
    await verify(first.id);
    await verify(second.id);

    const accepted = await receiver.waitForAccepted(4);
    expect(receiver.badSignatures).toEqual([]);
    for (const caseId of [first.id, second.id]) {
      const ofCase = accepted.filter((webhook) => webhook.body.caseId === caseId);
      expect(ofCase.map((webhook) => [webhook.body.revision, webhook.body.type])).toEqual([
        [0, 'ComplaintReceived'],
        [1, 'ComplaintVerified'],
      ]);
    }
    const received = accepted.find((webhook) => webhook.body.caseId === first.id)!;
    expect(Object.keys(received.body).sort()).toEqual(
      ['caseId', 'caseType', 'data', 'occurredAt', 'position', 'revision', 'type'].sort(),
    );
    expect(received.body).toMatchObject({ caseType: 'complaint', position: first.position });
    expect(Math.abs(received.timestamp - Date.now() / 1000)).toBeLessThan(60);
    const history = await engine.request<{ events: { revision: number }[] }>(
      'GET',
      `/api/v1/complaints/${first.id}/history`,
      { caller: customerService },
    );
    expect(history.status).toBe(200);
  });

  it('given a subscription without personal data, the customer arrives masked; one allowed to receive it gets it in clear', async () => {
    const masked = await subscribe();
    const clearReceiver = await WebhookReceiver.start(SECRET);
    try {
      const clear = await engine.request<SubscriptionView>('POST', '/api/v1/subscriptions', {
        caller: integrationAdmin,
        body: { url: clearReceiver.url, secret: SECRET, personalData: true },
      });
      expect(clear.body.personalData).toBe(true);
      expect(masked.personalData).toBe(false);
      const { id } = await receiveComplaint();
      const [maskedEvent] = await receiver.waitForAccepted(1);
      const [clearEvent] = await clearReceiver.waitForAccepted(1);
      expect(maskedEvent!.body.caseId).toBe(id);
      expect(maskedEvent!.body.data.customer).toMatchObject({ name: '王**', phone: '138****8000' });
      expect(maskedEvent!.raw).not.toContain('13800138000');
      expect(maskedEvent!.raw).not.toContain('王建国');
      expect(clearEvent!.body.data.customer).toMatchObject({ name: '王建国', phone: '13800138000' });
    } finally {
      await clearReceiver.stop();
    }
  });

  it('given a receiver that fails and then times out, when it recovers, then every event is delivered in order per case and /metrics shows the failures', async () => {
    const subscription = await subscribe();
    receiver.mode = { kind: 'fail', status: 500 };
    const { id } = await receiveComplaint();
    while (receiver.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    receiver.mode = { kind: 'hang', ms: 1000 };
    await verify(id);
    const before = receiver.requests.length;
    while (receiver.requests.length < before + 1) await new Promise((resolve) => setTimeout(resolve, 10));
    // Nothing of the case is accepted while its first event still fails: the second waits its turn.
    expect(receiver.accepted).toEqual([]);

    const metrics = await engine.request<string>('GET', '/metrics');
    expect(metrics.body).toMatch(
      new RegExp(`webhook_delivery_failures\\{subscription="${subscription.id}"\\} [1-9]`),
    );
    expect(metrics.body).toMatch(
      new RegExp(`webhook_delivery_lag_events\\{subscription="${subscription.id}"\\} [1-9]`),
    );

    receiver.mode = { kind: 'ok' };
    const accepted = await receiver.waitForAccepted(2);
    expect(accepted.map((webhook) => webhook.body.type)).toEqual(['ComplaintReceived', 'ComplaintVerified']);
    // The receiver has answered; the engine records the answer right after.
    const after = await eventually(
      () => engine.request<string>('GET', '/metrics'),
      (metrics) => metrics.body.includes(`webhook_delivery_lag_events{subscription="${subscription.id}"} 0`),
    );
    expect(after.body).toContain(`webhook_delivery_lag_events{subscription="${subscription.id}"} 0`);
    expect(after.body).toContain(
      `webhook_deliveries{subscription="${subscription.id}",status="delivered"} 2`,
    );
  });

  it('given a receiver that does not answer, commands are not slowed down', async () => {
    const timeTenCommands = async (): Promise<number> => {
      const started = performance.now();
      for (let i = 0; i < 10; i += 1) await receiveComplaint();
      return (performance.now() - started) / 10;
    };
    await timeTenCommands(); // warm-up
    const withoutSubscription = await timeTenCommands();
    await subscribe();
    receiver.mode = { kind: 'hang', ms: 5000 };
    await receiveComplaint();
    while (receiver.requests.length < 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const withHangingReceiver = await timeTenCommands();
    expect(receiver.accepted).toEqual([]);
    // A command that waited on the receiver would take at least WEBHOOK_TIMEOUT_MS (300 ms) more, each of
    // the ten; the margin below that is for a loaded machine, not for any wait.
    expect(withHangingReceiver).toBeLessThan(withoutSubscription + 200);
  });

  it('given a receiver that fails every attempt, the delivery is dead-lettered, and a replay from its position delivers it once the receiver recovers', async () => {
    const subscription = await subscribe();
    receiver.mode = { kind: 'fail', status: 502 };
    const { position } = await receiveComplaint();
    let deadLetters: { items: { position: number; attempts: number; lastError: string }[] } = { items: [] };
    const until = Date.now() + 10_000;
    while (deadLetters.items.length === 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      deadLetters = (
        await engine.request<typeof deadLetters>(
          'GET',
          `/api/v1/subscriptions/${subscription.id}/dead-letters`,
          {
            caller: integrationAdmin,
          },
        )
      ).body;
    }
    expect(deadLetters.items).toEqual([
      expect.objectContaining({ position, attempts: 4, lastError: 'HTTP 502' }),
    ]);
    expect(receiver.requests).toHaveLength(4);

    receiver.mode = { kind: 'ok' };
    const replay = await engine.request('POST', `/api/v1/subscriptions/${subscription.id}/replay`, {
      caller: integrationAdmin,
      body: { fromPosition: position },
    });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ queued: 1 });
    const [delivered] = await receiver.waitForAccepted(1);
    expect(delivered!.body.position).toBe(position);
    expect(delivered!.id).toBe(receiver.requests[0]!.id);
  });

  it('given events before a subscription existed, a replay from an earlier position delivers them in log order', async () => {
    const earlier = await receiveComplaint();
    const subscription = await subscribe();
    expect(subscription.startPosition).toBeGreaterThanOrEqual(earlier.position);
    const replay = await engine.request('POST', `/api/v1/subscriptions/${subscription.id}/replay`, {
      caller: integrationAdmin,
      body: { fromPosition: earlier.position },
    });
    expect(replay.status).toBe(202);
    const [first] = await receiver.waitForAccepted(1);
    expect(first!.body).toMatchObject({ caseId: earlier.id, position: earlier.position });
  });

  it('given a revoked subscription, nothing more is sent to it', async () => {
    const subscription = await subscribe();
    const revoked = await engine.request('DELETE', `/api/v1/subscriptions/${subscription.id}`, {
      caller: integrationAdmin,
    });
    expect(revoked.status).toBe(204);
    await receiveComplaint();
    const probe = await WebhookReceiver.start(SECRET);
    try {
      await engine.request('POST', '/api/v1/subscriptions', {
        caller: integrationAdmin,
        body: { url: probe.url, secret: SECRET },
      });
      await receiveComplaint();
      await probe.waitForAccepted(1);
      expect(receiver.requests).toEqual([]);
      const listed = await engine.request<SubscriptionView & { revokedBy: string }>(
        'GET',
        `/api/v1/subscriptions/${subscription.id}`,
        { caller: integrationAdmin },
      );
      expect(listed.body.revokedBy).toBe(integrationAdmin.sub);
    } finally {
      await probe.stop();
    }
  });

  describe('who may manage subscriptions, and bad input', () => {
    it.each<[string, Caller]>([
      ['a customer service clerk', customerService],
      ['an auditor', { sub: 'audit.zhang', roles: ['auditor'] }],
      [
        'a regional integration administrator',
        { sub: 'r.int', roles: ['integration_admin'], regionId: 'R01' },
      ],
    ])('%s gets 403 and nothing is stored', async (_who, caller) => {
      const response = await engine.request('POST', '/api/v1/subscriptions', {
        caller,
        body: { url: receiver.url, secret: SECRET },
      });
      expect(response.status).toBe(403);
      expect((await subscriptions()).items.filter((item) => item.revokedAt === null)).toEqual([]);
    });

    it('without a token: 401', async () => {
      const response = await engine.request('GET', '/api/v1/subscriptions');
      expect(response.status).toBe(401);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a URL that is no URL', { url: 'not a url', secret: SECRET }, 'url'],
      ['a ftp URL', { url: 'ftp://127.0.0.1/x', secret: SECRET }, 'url'],
      ['a URL with credentials', { url: 'http://user:pw@127.0.0.1/x', secret: SECRET }, 'url'],
      ['a short secret', { url: 'http://127.0.0.1/x', secret: 'short' }, 'secret'],
      ['no secret', { url: 'http://127.0.0.1/x' }, 'secret'],
      [
        'an unknown case type',
        { url: 'http://127.0.0.1/x', secret: SECRET, caseTypes: ['invoice'] },
        'caseTypes',
      ],
      ['an unknown field', { url: 'http://127.0.0.1/x', secret: SECRET, colour: 'red' }, 'colour'],
      [
        'personalData as text',
        { url: 'http://127.0.0.1/x', secret: SECRET, personalData: 'yes' },
        'personalData',
      ],
    ])('%s: 400 naming the field, nothing stored', async (_what, body, field) => {
      const response = await engine.request<{ errors: { field: string }[] }>(
        'POST',
        '/api/v1/subscriptions',
        {
          caller: integrationAdmin,
          body,
        },
      );
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors.map((error) => error.field)).toContain(field);
      expect((await subscriptions()).items.filter((item) => item.revokedAt === null)).toEqual([]);
    });

    it('a replay without a position: 400 naming fromPosition; of an unknown subscription: 404', async () => {
      const subscription = await subscribe();
      const bad = await engine.request<{ errors: { field: string }[] }>(
        'POST',
        `/api/v1/subscriptions/${subscription.id}/replay`,
        { caller: integrationAdmin, body: { fromPosition: 0 } },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((error) => error.field)).toEqual(['fromPosition']);
      const unknown = await engine.request(
        'POST',
        '/api/v1/subscriptions/00000000-0000-4000-8000-000000000000/replay',
        { caller: integrationAdmin, body: { fromPosition: 1 } },
      );
      expect(unknown.status).toBe(404);
    });
  });
});
