import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditorNational, complaintIntake, customerService } from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

const nationalClaims: Caller = { sub: 'xie.claims', roles: ['oem_claims'] };

describe('security: limits, headers, CORS, personal data', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({
      env: { RATE_LIMIT_PER_MINUTE: '30', CORS_ORIGINS: 'https://console.dealer.example' },
    });
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('sends security headers on every response', async () => {
    const result = await engine.request('GET', '/health');
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    expect(result.headers.get('x-frame-options')).toBe('DENY');
    expect(result.headers.get('x-request-id')).toBeTruthy();
  });

  it('allows only the configured CORS origin', async () => {
    const allowed = await engine.request('OPTIONS', '/api/v1/complaints', {
      headers: { origin: 'https://console.dealer.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.dealer.example');
    const other = await engine.request('OPTIONS', '/api/v1/complaints', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('masks customer names and phones in lists for roles that do not deal with the customer', async () => {
    await engine.request('POST', '/api/v1/complaints', { caller: customerService, body: complaintIntake() });
    const forOem = await engine.request<{ items: { data: { customer: { name: string; phone: string } } }[] }>(
      'GET',
      '/api/v1/complaints',
      {
        caller: nationalClaims,
      },
    );
    expect(forOem.body.items[0]?.data.customer).toMatchObject({ name: '王**', phone: '138****8000' });
    const forAuditor = await engine.request<{ items: { data: { customer: { phone: string } } }[] }>(
      'GET',
      '/api/v1/complaints',
      {
        caller: auditorNational,
      },
    );
    expect(forAuditor.body.items[0]?.data.customer.phone).toBe('138****8000');
    const forCs = await engine.request<{ items: { data: { customer: { phone: string } } }[] }>(
      'GET',
      '/api/v1/complaints',
      {
        caller: customerService,
      },
    );
    expect(forCs.body.items[0]?.data.customer.phone).toBe('13800138000');
  });

  it('limits each caller to their request budget with 429 and Retry-After', async () => {
    const caller: Caller = { sub: 'busy.cs', roles: ['customer_service'], dealerId: 'D001', regionId: 'R01' };
    const token = await engine.token(caller);
    const statuses: number[] = [];
    for (let index = 0; index < 35; index++)
      statuses.push((await engine.request('GET', '/api/v1/work-queue', { token })).status);
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    const limited = await engine.request<{ status: number }>('GET', '/api/v1/work-queue', { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    // Another caller is not affected.
    expect((await engine.request('GET', '/api/v1/work-queue', { caller: customerService })).status).toBe(200);
  });

  it('refuses a body above the size limit', async () => {
    const result = await engine.request('POST', '/api/v1/complaints', {
      caller: auditorNational,
      rawBody: JSON.stringify({ description: 'x'.repeat(1_100_000) }),
    });
    expect(result.status).toBe(413);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
  });
});
