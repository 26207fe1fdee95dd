import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, decodeJwt } from 'jose';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  complaintIntake,
  customerService,
  dealerStaff,
  foreignCustomerService,
} from './complaint-fixtures.js';
import { EngineUnderTest, TEST_SECRET } from './engine-under-test.js';
import { goodwillApplication } from './goodwill-fixtures.js';

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

  describe('a goodwill application or preferential claim names a complaint of its own dealer', () => {
    const director = dealerStaff('he.director', 'service_director');
    const requests: Record<string, Record<string, unknown>> = {
      'goodwill-applications': goodwillApplication('named below'),
      'preferential-claims': {
        customerSensitivity: ['media'],
        vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 },
        faultDescription: 'gearbox failure out of warranty',
        cause: 'quality_defect',
      },
    };
    const complaintOf = async (caller: typeof customerService): Promise<string> => {
      const created = await engine.request<View>('POST', '/api/v1/complaints', {
        caller,
        // Major, so that a goodwill application (v3: major complaints only) refuses it for its dealer alone.
        body: complaintIntake({ severity: 'major' }),
      });
      expect(created.status).toBe(201);
      return created.body.id;
    };

    it.each(Object.keys(requests))(
      "%s: refuses another dealer's complaint and no complaint at all",
      async (resource) => {
        const foreign = await complaintOf(foreignCustomerService);
        for (const complaintId of [foreign, '0190a8f2-5b7c-7d3e-8f00-000000000001']) {
          const before = await engine.runtime.store.headPosition();
          const refused = await engine.request<{ errors: { field: string; reason: string }[] }>(
            'POST',
            `/api/v1/${resource}`,
            { caller: director, body: { ...requests[resource], complaintId } },
          );
          expect(refused.status).toBe(400);
          expect(refused.headers.get('content-type')).toContain('application/problem+json');
          expect(refused.body.errors).toEqual([
            {
              field: 'complaintId',
              reason: 'must name an existing complaint of dealer D001 that you may see',
              code: 'not_found',
            },
          ]);
          expect(await engine.runtime.store.headPosition()).toBe(before);
        }
      },
    );

    it.each(Object.keys(requests))('%s: accepts a complaint of the same dealer', async (resource) => {
      const own = await complaintOf(customerService);
      const created = await engine.request<View & { data: { complaintId: string } }>(
        'POST',
        `/api/v1/${resource}`,
        {
          caller: director,
          body: { ...requests[resource], complaintId: own },
        },
      );
      expect(created.status).toBe(201);
      expect(created.body.data.complaintId).toBe(own);
    });
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

describe('tenancy: a case takes its region from the dealer directory, not from the token', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dealer-directory-'));
    const file = join(folder, 'dealers.json');
    writeFileSync(
      file,
      JSON.stringify({
        dealers: [
          { dealerId: 'D001', regionId: 'R05', name: 'East 1' },
          { dealerId: 'D002', regionId: 'R02' },
        ],
      }),
    );
    engine = await EngineUnderTest.start({ env: { DEALER_DIRECTORY: file } });
  });
  afterAll(async () => {
    await engine.stop();
  });

  const regional = (regionId: string) => ({
    sub: `rsm.${regionId}`,
    roles: ['regional_service_manager' as const],
    regionId,
  });

  it('refuses a dealer user whose token names another region, with 403 saying both, and records nothing', async () => {
    const before = await engine.runtime.store.headPosition();
    const refused = await engine.request<{ detail: string }>('POST', '/api/v1/complaints', {
      caller: dealerStaff('wang.cs', 'customer_service', 'D001', 'R02'),
      body: complaintIntake(),
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toBe(
      'The token puts dealer D001 in region R02, but the dealer directory puts it in R05',
    );
    expect(await engine.runtime.store.headPosition()).toBe(before);
    expect(
      (
        await engine.request('GET', '/api/v1/complaints', {
          caller: dealerStaff('wang.cs', 'customer_service', 'D001', 'R02'),
        })
      ).status,
    ).toBe(403);
  });

  it("puts a case in the directory's region, which that region's staff see and no other's", async () => {
    const created = await engine.request<View>('POST', '/api/v1/complaints', {
      caller: { sub: 'wang.cs', roles: ['customer_service'], dealerId: 'D001' },
      body: complaintIntake(),
    });
    expect(created.status).toBe(201);
    expect(created.body.regionId).toBe('R05');
    const seenBy = async (regionId: string) =>
      (await engine.request('GET', `/api/v1/complaints/${created.body.id}`, { caller: regional(regionId) }))
        .status;
    expect(await seenBy('R05')).toBe(200);
    expect(await seenBy('R01')).toBe(404);
  });

  it('refuses a dealer the directory does not list', async () => {
    const refused = await engine.request<{ detail: string }>('POST', '/api/v1/complaints', {
      caller: dealerStaff('qian.cs', 'customer_service', 'D003', 'R01'),
      body: complaintIntake(),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('Dealer D003 is not in the dealer directory');
  });
});
