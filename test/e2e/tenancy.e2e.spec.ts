import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { complaintIntake, dealerStaff } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

type View = { id: string; revision: number; state: string; dealerId: string; regionId?: string };

describe('tenancy: whose key, whose case', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('keeps the Idempotency-Keys of two callers apart, whatever colons their ids and keys hold', async () => {
    const first = await engine.request<View>('POST', '/api/v1/complaints', {
      caller: dealerStaff('urn:u', 'customer_service'),
      body: complaintIntake(),
      headers: { 'idempotency-key': '2970' },
    });
    const second = await engine.request<View>('POST', '/api/v1/complaints', {
      caller: dealerStaff('urn', 'customer_service'),
      body: complaintIntake(),
      headers: { 'idempotency-key': 'u:2970' },
    });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body.id).not.toBe(first.body.id);
  });
});
