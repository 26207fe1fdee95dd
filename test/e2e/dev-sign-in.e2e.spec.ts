import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EngineUnderTest } from './engine-under-test.js';

interface Problem {
  readonly status: number;
  readonly errors: readonly Record<string, unknown>[];
}

/** Issue #28: the dev sign-in refuses a dealer role without a dealer, naming the field. */
describe('dev sign-in', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({ env: { AUTH_DEV_TOKENS: 'true' } });
  });
  afterAll(() => engine.stop());

  it('refuses a dealer role without a dealer: 400, `dealerId` required', async () => {
    const result = await engine.request<Problem>('POST', '/api/v1/dev/token', {
      body: { sub: 'wang.cs', roles: ['customer_service'], regionId: 'R01' },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      { field: 'dealerId', reason: 'is required for a dealer role', code: 'required' },
    ]);
  });

  it('issues a token to a dealer role with its dealer, and to an OEM role without one', async () => {
    const dealer = await engine.request('POST', '/api/v1/dev/token', {
      body: { sub: 'wang.cs', roles: ['customer_service'], dealerId: 'D001', regionId: 'R01' },
    });
    expect(dealer.status).toBe(201);
    const oem = await engine.request('POST', '/api/v1/dev/token', {
      body: { sub: 'oem.gm', roles: ['oem_general_manager'] },
    });
    expect(oem.status).toBe(201);
  });
});
