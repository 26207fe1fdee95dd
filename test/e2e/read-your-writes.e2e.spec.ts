import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { complaintIntake, customerService, otherCustomerService } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

describe("read-your-writes by event position (X-Event-Position, X-Min-Position, this node's own writes)", () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    // No worker in this process: its read models move only when a test catches them up, so a read
    // that asks for a position they have not applied has to wait, and says so.
    engine = await EngineUnderTest.start({ env: { IN_PROCESS_WORKER: 'false', PROJECTION_WAIT_MS: '300' } });
  });
  afterAll(async () => {
    await engine.stop();
  });

  const create = () =>
    engine.request<{ id: string }>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake(),
    });

  it('given read models behind the position asked for, when a read waits, then it answers stale after PROJECTION_WAIT_MS', async () => {
    const created = await create();
    const position = Number(created.headers.get('x-event-position'));
    expect(position).toBeGreaterThan(0);
    const started = performance.now();
    const list = await engine.request('GET', '/api/v1/complaints', {
      caller: customerService,
      headers: { 'X-Min-Position': String(position) },
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(list.status).toBe(200);
    expect(list.headers.get('x-read-models-stale')).toBe('true');
  });

  it('given read models that applied the position, then the read answers fresh and lists the new case', async () => {
    const created = await create();
    await engine.runtime.runner.catchUp();
    const list = await engine.request<{ items: { id: string }[] }>('GET', '/api/v1/complaints', {
      caller: customerService,
      headers: { 'X-Min-Position': created.headers.get('x-event-position')! },
    });
    expect(list.headers.get('x-read-models-stale')).toBeNull();
    expect(list.body.items.map((item) => item.id)).toContain(created.body.id);
  });

  it('given a case command, then its answer names its position at once, without waiting for the read models', async () => {
    const started = performance.now();
    const created = await create();
    expect(performance.now() - started).toBeLessThan(250);
    expect(created.status).toBe(201);
    expect(Number(created.headers.get('x-event-position'))).toBeGreaterThan(0);
    expect(created.headers.get('x-read-models-stale')).toBeNull();
    await engine.runtime.runner.catchUp();
  });

  it('given a write answered by this node, when another caller reads without X-Min-Position, then the read waits for it', async () => {
    const created = await create();
    const started = performance.now();
    const behind = await engine.request('GET', '/api/v1/complaints', { caller: otherCustomerService });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(behind.headers.get('x-read-models-stale')).toBe('true');

    await engine.runtime.runner.catchUp();
    const list = await engine.request<{ items: { id: string }[] }>('GET', '/api/v1/complaints', {
      caller: otherCustomerService,
    });
    expect(list.headers.get('x-read-models-stale')).toBeNull();
    expect(list.body.items.map((item) => item.id)).toContain(created.body.id);
  });

  it('given a write the read models have not applied, then a health probe does not wait for it', async () => {
    await create();
    const started = performance.now();
    const health = await engine.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(250);
    expect(health.headers.get('x-read-models-stale')).toBeNull();
    await engine.runtime.runner.catchUp();
  });

  it('given a position that is not a number, then 400 names the header and nothing waits', async () => {
    const list = await engine.request<{ errors: { field: string }[] }>('GET', '/api/v1/complaints', {
      caller: customerService,
      headers: { 'X-Min-Position': 'latest' },
    });
    expect(list.status).toBe(400);
    expect(list.body.errors).toEqual([expect.objectContaining({ field: 'X-Min-Position' })]);
  });

  it('given no token, then 401 comes before any wait', async () => {
    const started = performance.now();
    const list = await engine.request('GET', '/api/v1/complaints', {
      headers: { 'X-Min-Position': '999999' },
    });
    expect(list.status).toBe(401);
    expect(performance.now() - started).toBeLessThan(250);
  });
});
