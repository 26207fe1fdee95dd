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
const fsr: Caller = { sub: 'fan.fsr', roles: ['field_service_rep'], regionId: 'R01' };
const ftm: Caller = { sub: 'cao.ftm', roles: ['field_technical_manager'], regionId: 'R01' };
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

  describe("the FSR's 「可办理」 decision after the FTM's verdict", () => {
    const act = (id: string, caller: Caller, action: string, body: unknown = {}) =>
      engine.request<{ state: string; assignedRole: string | null; allowedActions: string[] }>(
        'POST',
        `/api/v1/preferential-claims/${id}/actions/${action}`,
        { caller, body },
      );
    const toVerdict = async (): Promise<string> => {
      const created = await engine.request<{ id: string }>('POST', '/api/v1/preferential-claims', {
        caller: director,
        body: claimFor({ use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 }),
      });
      expect(
        (await act(created.body.id, fsr, 'verify-vehicle', { findings: 'valve body worn' })).status,
      ).toBe(200);
      const verdict = await act(created.body.id, ftm, 'confirm-quality-problem', {
        qualityProblem: true,
        notes: 'n',
      });
      expect(verdict.body).toMatchObject({
        state: 'awaiting_claimability_decision',
        assignedRole: 'field_service_rep',
      });
      return created.body.id;
    };

    it('refuses the form before the FSR decided, then asks the director once the FSR finds it claimable', async () => {
      const id = await toVerdict();
      const before = await engine.runtime.store.headPosition();
      expect((await act(id, director, 'fill-form', { amountCents: 800_000 })).status).toBe(409);
      expect((await act(id, ftm, 'confirm-claimable', { claimable: true })).status).toBe(409);
      expect(await engine.runtime.store.headPosition()).toBe(before);
      const decided = await act(id, fsr, 'confirm-claimable', { claimable: true, notes: 'media customer' });
      expect(decided.body).toMatchObject({ state: 'awaiting_form', assignedRole: 'service_director' });
      expect((await act(id, director, 'fill-form', { amountCents: 800_000 })).status).toBe(200);
    });

    it('ends the claim rejected when the FSR finds it not claimable, and requires the decision as a boolean', async () => {
      const id = await toVerdict();
      expect((await act(id, fsr, 'confirm-claimable', {})).status).toBe(400);
      const decided = await act(id, fsr, 'confirm-claimable', { claimable: false });
      expect(decided.body).toMatchObject({ state: 'rejected', assignedRole: null, allowedActions: [] });
    });
  });
});
