import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, decodeJwt } from 'jose';
import { complaintIntake, dealerStaff } from './complaint-fixtures.js';
import { EngineUnderTest, TEST_SECRET } from './engine-under-test.js';

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

describe('tenancy: tokens live a bounded time', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({
      env: { AUTH_DEV_TOKENS: 'true', AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' },
    });
  });
  afterAll(async () => {
    await engine.stop();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const token = (times: { exp?: number; iat?: number }) => {
    let builder = new SignJWT({ roles: ['auditor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x');
    if (times.exp !== undefined) builder = builder.setExpirationTime(times.exp);
    if (times.iat !== undefined) builder = builder.setIssuedAt(times.iat);
    return builder.sign(new TextEncoder().encode(TEST_SECRET));
  };

  it.each([
    ['without exp', { iat: now() }, 'no exp claim'],
    ['expiring in ten years', { iat: now(), exp: now() + 10 * 365 * 86_400 }, 'more than 3600 s'],
    ['issued an hour from now', { iat: now() + 3600, exp: now() + 3700 }, 'iat claim lies in the future'],
  ])('refuses a token %s with 401 saying why', async (_why, times, detail) => {
    const result = await engine.request<{ status: number; detail: string }>('GET', '/api/v1/complaints', {
      token: await token(times),
    });
    expect(result.status).toBe(401);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.body.detail).toContain(detail);
  });

  it('accepts a token within the cap', async () => {
    const result = await engine.request('GET', '/api/v1/complaints', {
      token: await token({ iat: now(), exp: now() + 3000 }),
    });
    expect(result.status).toBe(200);
  });

  it('issues dev sign-in tokens that live no longer than the cap', async () => {
    const result = await engine.request<{ token: string }>('POST', '/api/v1/dev/token', {
      body: { sub: 'li.dev', roles: ['auditor'] },
    });
    expect(result.status).toBe(201);
    const claims = decodeJwt(result.body.token);
    expect(claims.exp! - claims.iat!).toBe(3600);
  });
});
