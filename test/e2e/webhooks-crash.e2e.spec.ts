import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken } from '../../libs/auth/index.js';
import { complaintIntake } from './complaint-fixtures.js';
import { TEST_SECRET, postgresForEngine } from './engine-under-test.js';
import { ensureBuilt, startBuiltServer, type BuiltServer } from './built-server.js';
import { WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'a-shared-webhook-secret-of-some-length';
const WEBHOOKS = {
  WEBHOOK_POLL_INTERVAL_MS: '20',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '200',
  WEBHOOK_TIMEOUT_MS: '30000',
};

describe('webhooks: kill -9 of the built server in the middle of a delivery', () => {
  let dataDir: string;
  let receiver: WebhookReceiver;
  // With E2E_EVENT_STORE=postgres the outbox lives in PostgreSQL and the restarted server takes its duty over.
  let database: Awaited<ReturnType<typeof postgresForEngine>>;
  const env = (): Record<string, string> =>
    database === undefined ? WEBHOOKS : { ...WEBHOOKS, EVENT_STORE: 'postgres', DATABASE_URL: database.url };
  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'aftersales-webhook-crash-'));
    receiver = await WebhookReceiver.start(SECRET);
    database = await postgresForEngine();
  });
  afterAll(async () => {
    await receiver.stop();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(server: BuiltServer, token: string, path: string, body: unknown): Promise<Response> {
    return fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('given a delivery in flight when the server is killed, when it starts again, the event is delivered again and the receiver keeps it once by webhook-id', async () => {
    const admin = await issueDevToken(TEST_SECRET, { sub: 'zhou.integration', roles: ['integration_admin'] });
    const clerk = await issueDevToken(TEST_SECRET, {
      sub: 'li.reception',
      roles: ['reception'],
      dealerId: 'D001',
      regionId: 'R01',
    });
    let server = await startBuiltServer(dataDir, env());
    expect(
      (await call(server, admin, '/api/v1/subscriptions', { url: receiver.url, secret: SECRET })).status,
    ).toBe(201);
    // The receiver takes deliveries but answers none: when the engine dies, they are in flight.
    receiver.mode = { kind: 'hang', ms: 60_000 };
    const caseIds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await call(server, clerk, '/api/v1/complaints', complaintIntake());
      expect(response.status).toBe(201);
      caseIds.push(((await response.json()) as { id: string }).id);
    }
    while (receiver.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await server.stop('SIGKILL');
    const inFlight = receiver.requests[0]!;
    expect(receiver.accepted).toEqual([]);

    receiver.mode = { kind: 'ok' };
    server = await startBuiltServer(dataDir, env());
    try {
      const accepted = await receiver.waitForAccepted(3);
      expect(accepted.map((webhook) => webhook.body.caseId).sort()).toEqual([...caseIds].sort());
      expect(receiver.requests.filter((request) => request.id === inFlight.id).length).toBeGreaterThanOrEqual(
        2,
      );
      expect(new Set(accepted.map((webhook) => webhook.id)).size).toBe(3);
      expect(receiver.badSignatures).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
