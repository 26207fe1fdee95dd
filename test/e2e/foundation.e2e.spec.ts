import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  complaintIntake,
  customerService,
  foreignCustomerService,
  otherCustomerService,
} from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

type View = { id: string; revision: number; state: string; allowedActions: string[] };
type Problem = {
  type: string;
  title: string;
  status: number;
  errors?: { field: string; reason: string }[];
  allowedActions?: string[];
};

describe('HTTP foundation on the embedded store', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  const create = (body = complaintIntake(), headers: Record<string, string> = {}) =>
    engine.request<View>('POST', '/api/v1/complaints', { caller: customerService, body, headers });
  const historyLength = async (id: string): Promise<number> =>
    (
      await engine.request<{ events: unknown[] }>('GET', `/api/v1/complaints/${id}/history`, {
        caller: customerService,
      })
    ).body.events.length;
  const verify = {
    findings: 'Repair order RO-2026-0301-17 confirms the noise',
    problemClass: 'technical',
    judgement: 'defect',
  };

  it('answers health and metrics without a token', async () => {
    const health = await engine.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', store: engine.config.eventStore });
    const metrics = await engine.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toContain('http_request_duration_seconds');
  });

  it('tells in /metrics how much the group commits batch, and on SQLite where they run', async () => {
    const created = await Promise.all(Array.from({ length: 8 }, () => create()));
    expect(created.map((result) => result.status)).toEqual(Array(8).fill(201));
    const text = String((await engine.request('GET', '/metrics')).body);
    const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    // The writer thread is the embedded store's.
    if (engine.config.eventStore === 'sqlite') expect(value('event_store_writer_thread')).toBe(1);
    expect(value('event_store_committed_appends')).toBeGreaterThanOrEqual(8);
    expect(value('event_store_commit_groups')).toBeGreaterThanOrEqual(1);
    expect(value('event_store_commit_groups')).toBeLessThanOrEqual(value('event_store_committed_appends'));
  });

  it("tells in /metrics that a thread, not the event loop, checkpoints the read models' WAL", async () => {
    const metric = async (series: string): Promise<number> => {
      const text = String((await engine.request('GET', '/metrics')).body);
      const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
      return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
    };
    expect(await metric('wal_checkpoint_thread')).toBe(1);
    expect((await create()).status).toBe(201);
    // The thread checkpoints every 500 ms by default; the create's projection commit is in the log. A
    // round that overlaps a request's read cannot copy that read's pages yet; a later round does.
    const copied = async (): Promise<boolean> =>
      (await metric('wal_pages{file="readmodels.sqlite"}')) > 0 &&
      (await metric('wal_uncopied_pages{file="readmodels.sqlite"}')) === 0;
    for (let attempt = 0; attempt < 100 && !(await copied()); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await copied()).toBe(true);
  });

  it('publishes the OpenAPI document with every case route', async () => {
    const openapi = await engine.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/complaints',
        '/api/v1/complaints/{id}',
        '/api/v1/complaints/{id}/actions/verify',
      ]),
    );
  });

  it('refuses a missing token with 401 problem+json', async () => {
    const result = await engine.request<Problem>('GET', '/api/v1/complaints');
    expect(result.status).toBe(401);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('refuses a token signed with another secret', async () => {
    const forged =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiYXVkaXRvciJdfQ.7Zk5v4wQk2x2bVQ0b1mJ8x8m2QYkz9qg0Y1g2y3rQxk';
    const result = await engine.request<Problem>('GET', '/api/v1/complaints', { token: forged });
    expect(result.status).toBe(401);
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const result = await engine.request<Problem>('POST', '/api/v1/complaints', {
      caller: customerService,
      rawBody: '{"channel": ',
    });
    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.body.errors?.[0]?.field).toBe('body');
  });

  it('answers an unknown field with 400 naming it, and stores nothing', async () => {
    const before = await engine.runtime.store.headPosition();
    const result = await engine.request<Problem>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: { ...complaintIntake(), discount: 100 },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'discount' })]),
    );
    expect(await engine.runtime.store.headPosition()).toBe(before);
  });

  it('answers a wrong type with 400 naming the nested field', async () => {
    const result = await engine.request<Problem>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake({ vehicle: { vin: 12345 } }),
    });
    expect(result.status).toBe(400);
    expect(result.body.errors?.map((error) => error.field)).toContain('vehicle.vin');
  });

  it('creates a case: 201, Location, ETag and the caller’s allowed actions', async () => {
    const result = await create();
    expect(result.status).toBe(201);
    expect(result.headers.get('etag')).toBe('"0"');
    expect(result.headers.get('location')).toBe(`/api/v1/complaints/${result.body.id}`);
    expect(result.body.allowedActions).toContain('verify');
  });

  it('refuses a stale If-Match with 412 and appends nothing', async () => {
    const { body: created } = await create();
    const moved = await engine.request<View>('POST', `/api/v1/complaints/${created.id}/actions/verify`, {
      caller: customerService,
      body: verify,
      headers: { 'if-match': '"0"' },
    });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).toBe('"1"');
    const stale = await engine.request<Problem>('POST', `/api/v1/complaints/${created.id}/actions/escalate`, {
      caller: customerService,
      body: { reason: 'customer called again' },
      headers: { 'if-match': '"0"' },
    });
    expect(stale.status).toBe(412);
    expect(await historyLength(created.id)).toBe(2);
  });

  it('records one event for the same Idempotency-Key sent twice', async () => {
    const key = 'intake-7f3c-0001';
    const first = await create(complaintIntake(), { 'idempotency-key': key });
    const again = await create(complaintIntake(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await historyLength(first.body.id)).toBe(1);

    const verifyKey = { 'idempotency-key': 'verify-7f3c-0001' };
    const path = `/api/v1/complaints/${first.body.id}/actions/verify`;
    const once = await engine.request<View>('POST', path, {
      caller: customerService,
      body: verify,
      headers: verifyKey,
    });
    const twice = await engine.request<View>('POST', path, {
      caller: customerService,
      body: verify,
      headers: verifyKey,
    });
    expect(once.status).toBe(200);
    expect(twice.status).toBe(200);
    expect(twice.body.revision).toBe(once.body.revision);
    expect(await historyLength(first.body.id)).toBe(2);
  });

  it('refuses a reused Idempotency-Key with a different request', async () => {
    const key = { 'idempotency-key': 'reused-key-1' };
    await create(complaintIntake(), key);
    const other = await create(complaintIntake({ description: 'a different complaint' }), key);
    expect(other.status).toBe(422);
  });

  it('lets exactly one of two concurrent conflicting commands win', async () => {
    const { body: created } = await create();
    const path = `/api/v1/complaints/${created.id}/actions/verify`;
    const results = await Promise.all([
      engine.request<View | Problem>('POST', path, { caller: customerService, body: verify }),
      engine.request<View | Problem>('POST', path, {
        caller: otherCustomerService,
        body: { ...verify, problemClass: 'parts' },
      }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    const refused = results.find((result) => result.status === 409)!.body as Problem;
    expect(Array.isArray(refused.allowedActions)).toBe(true);
    expect(await historyLength(created.id)).toBe(2);
  });

  it('answers 409 with the allowed actions for an action the state does not allow', async () => {
    const { body: created } = await create();
    const result = await engine.request<Problem>('POST', `/api/v1/complaints/${created.id}/actions/close`, {
      caller: customerService,
      body: {},
    });
    expect(result.status).toBe(409);
    expect(result.body.allowedActions).toContain('verify');
  });

  it('hides a case of another dealer behind 404', async () => {
    const { body: created } = await create();
    const read = await engine.request<Problem>('GET', `/api/v1/complaints/${created.id}`, {
      caller: foreignCustomerService,
    });
    expect(read.status).toBe(404);
    const act = await engine.request<Problem>('POST', `/api/v1/complaints/${created.id}/actions/verify`, {
      caller: foreignCustomerService,
      body: verify,
    });
    expect(act.status).toBe(404);
  });

  it('answers unknown resources with 404 and unknown actions with 400 naming the action', async () => {
    expect((await engine.request('GET', '/api/v1/bicycles', { caller: customerService })).status).toBe(404);
    const { body: created } = await create();
    const result = await engine.request<Problem>('POST', `/api/v1/complaints/${created.id}/actions/explode`, {
      caller: customerService,
      body: {},
    });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.field).toBe('action');
  });
});
