import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

interface Problem {
  type: string;
  status: number;
  detail: string;
  errors: { field: string; reason: string; code?: string }[];
}

const director: Caller = {
  sub: 'he.director',
  roles: ['service_director'],
  dealerId: 'D001',
  regionId: 'R01',
};
const claimFor = (vehicle: Record<string, unknown>) => ({
  customerSensitivity: ['vip'],
  vehicle: { vin: 'LSVAU2180N2183294', ...vehicle },
  faultDescription: 'gearbox fails',
  cause: 'quality_defect',
});

/**
 * 「敏感客户车辆在超过质量担保期发生的由于质量问题导致的车辆故障」 [003], API.md "Preferential claims": a vehicle
 * the eligibility policy still covers is refused with 422 naming the rule; the engine's clock stands at
 * 2026-03-02.
 */
describe('preferential claims open only for a vehicle out of warranty (v3, real store over HTTP)', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('refuses a vehicle still in the OEM warranty with 422 naming the rule, and records nothing', async () => {
    const before = await engine.runtime.store.headPosition();
    const refused = await engine.request<Problem>('POST', '/api/v1/preferential-claims', {
      caller: director,
      body: claimFor({ use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.type).toMatch(/refused-by-rule$/);
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({
        field: 'vehicle',
        code: 'still_in_warranty',
        reason: expect.stringContaining('OEM-PER'),
      }),
    );
    expect(await engine.runtime.store.headPosition()).toBe(before);
  });

  it('opens a claim on version 3 for a vehicle past every period, with the eligibility decision in its opening', async () => {
    const created = await engine.request<{ id: string; machineVersion: number; state: string }>(
      'POST',
      '/api/v1/preferential-claims',
      { caller: director, body: claimFor({ use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 }) },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ machineVersion: 3, state: 'awaiting_vehicle_verification' });
    const history = await engine.request<{ events: { type: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/api/v1/preferential-claims/${created.body.id}/history`,
      { caller: director },
    );
    expect(history.body.events[0]).toMatchObject({
      type: 'PreferentialClaimOpened',
      data: { eligibility: { coverage: [{ kind: 'preferential_claim_candidate', ruleId: 'PREF-01' }] } },
    });
  });

  it('requires the facts eligibility is judged by: a vehicle without use or invoice date is a 400 naming the field', async () => {
    const refused = await engine.request<Problem>('POST', '/api/v1/preferential-claims', {
      caller: director,
      body: claimFor({ mileageKm: 131_000 }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error) => error.field)).toEqual(
      expect.arrayContaining(['vehicle.use', 'vehicle.invoiceDate']),
    );
  });
});
