import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { complaintIntake, customerService } from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import { goodwillApplication } from './goodwill-fixtures.js';

interface Problem {
  status: number;
  errors?: { field: string; reason: string }[];
}

const director: Caller = {
  sub: 'he.director',
  roles: ['service_director'],
  dealerId: 'D001',
  regionId: 'R01',
};

const preferentialClaim = {
  customerSensitivity: ['media'],
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 },
  faultDescription: 'gearbox failure out of warranty',
  cause: 'quality_defect',
};
const goodwill = goodwillApplication('0190a8f2-5b7c-7d3e-8f00-0000000000c1');

function without(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const copy = { ...body };
  delete copy[field];
  return copy;
}

/**
 * API.md: `customer` and `vehicle` are part of a complaint's create payload, `vehicle` of a preferential
 * claim's, `waiver` of a goodwill application's (「在垫付…前…签订免责协议」). Required means required: a body
 * without one is refused with 400 naming the field, and nothing is recorded.
 */
describe('required objects on create are refused when missing, and nothing is stored', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  it.each([
    { resource: 'complaints', field: 'customer', caller: customerService, body: complaintIntake() },
    { resource: 'complaints', field: 'vehicle', caller: customerService, body: complaintIntake() },
    { resource: 'preferential-claims', field: 'vehicle', caller: director, body: preferentialClaim },
    { resource: 'goodwill-applications', field: 'waiver', caller: director, body: goodwill },
    // Goodwill v3: the major complaint it settles and the cost lines (「为了处理重大客户投诉」, 「直接费用」).
    { resource: 'goodwill-applications', field: 'complaintId', caller: director, body: goodwill },
    { resource: 'goodwill-applications', field: 'costLines', caller: director, body: goodwill },
  ])('POST /$resource without $field → 400 naming the field', async ({ resource, field, caller, body }) => {
    const before = await engine.runtime.store.headPosition();
    const result = await engine.request<Problem>('POST', `/api/v1/${resource}`, {
      caller,
      body: without(body, field),
    });
    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.body.errors?.map((error) => error.field)).toContain(field);
    expect(await engine.runtime.store.headPosition()).toBe(before);
  });

  it.each([
    ['customer', null],
    ['customer', '王建国'],
    ['vehicle', []],
  ])('a complaint whose %s is %j is refused with 400 naming it', async (field, value) => {
    const result = await engine.request<Problem>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake({ [field]: value }),
    });
    expect(result.status).toBe(400);
    expect(result.body.errors?.map((error) => error.field)).toContain(field);
  });
});
