import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FixedClock } from '../../libs/kernel/index.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import { warrantyClaimBody } from './warranty-fixtures.js';

interface View {
  id: string;
  state: string;
  data: { eligibility?: { eligible: boolean; policyVersion: string; coverage: { kind: string }[] } };
  deadlines: { kind: string; status: string; dueAt: string }[];
  allowedActions: string[];
}
interface Problem {
  status: number;
  state?: string;
  allowedActions?: string[];
  errors?: { field: string; reason: string }[];
}

const clerk: Caller = { sub: 'qian.clerk', roles: ['claims_clerk'], dealerId: 'D001', regionId: 'R01' };
const oem: Caller = { sub: 'xie.claims', roles: ['oem_claims'] };

describe('warranty claims and eligibility over HTTP on the embedded store', () => {
  let engine: EngineUnderTest;
  let clock: FixedClock;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    clock = engine.clock as FixedClock;
  });
  afterAll(async () => {
    await engine.stop();
  });

  async function act(id: string, caller: Caller, action: string, body: unknown = {}): Promise<View> {
    const result = await engine.request<View>('POST', `/api/v1/warranty-claims/${id}/actions/${action}`, {
      caller,
      body,
    });
    expect({ action, status: result.status, body: result.status === 200 ? 'ok' : result.body }).toEqual({
      action,
      status: 200,
      body: 'ok',
    });
    return result.body;
  }
  const open = async (serviceCompletedAt: string) =>
    (
      await engine.request<View>('POST', '/api/v1/warranty-claims', {
        caller: clerk,
        body: warrantyClaimBody(serviceCompletedAt),
      })
    ).body;

  it('answers an eligibility question without storing anything', async () => {
    const before = await engine.runtime.store.headPosition();
    const result = await engine.request<{
      eligible: boolean;
      policyVersion: string;
      coverage: { kind: string; ruleId: string }[];
      reasons: { ruleId: string }[];
    }>('POST', '/api/v1/warranty/eligibility', {
      caller: clerk,
      body: {
        at: '2023-03-08',
        mileageKm: 180,
        vehicle: { vin: 'LSVAU2180N2183294', use: 'private', powertrain: 'ice', invoiceDate: '2023-03-01' },
        fault: { system: 'engine', mainPart: true, requiresReplacement: true },
      },
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      eligible: true,
      policyVersion: 'cn-three-guarantees@2021+oem-seed-warranty@1',
    });
    expect(result.body.coverage.map((coverage) => coverage.kind)).toEqual(
      expect.arrayContaining([
        'vehicle_replacement_or_return',
        'assembly_replacement',
        'free_repair',
        'oem_warranty_repair',
      ]),
    );
    expect(await engine.runtime.store.headPosition()).toBe(before);
  });

  it('names the field of a bad eligibility request', async () => {
    const result = await engine.request<Problem>('POST', '/api/v1/warranty/eligibility', {
      caller: clerk,
      body: {
        at: 'yesterday',
        mileageKm: -1,
        vehicle: { vin: 'X', use: 'boat', invoiceDate: '2023-03-01' },
        fault: { system: 'engine' },
      },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors?.map((error) => error.field)).toEqual(
      expect.arrayContaining(['at', 'mileageKm', 'vehicle.vin', 'vehicle.use']),
    );
  });

  it('walks a claim from inspection to the customer callback', async () => {
    const created = await open('2026-03-02T08:00:00.000Z');
    expect(created.deadlines[0]).toMatchObject({
      kind: 'filing',
      status: 'pending',
      dueAt: '2026-03-12T08:00:00.000Z',
    });
    const determined = await act(created.id, clerk, 'determine-quality', {
      qualityProblem: true,
      notes: 'valve body worn',
    });
    expect(determined.state).toBe('awaiting_submission');
    expect(determined.data.eligibility).toMatchObject({
      eligible: true,
      policyVersion: 'cn-three-guarantees@2021+oem-seed-warranty@1',
    });
    const submitted = await act(created.id, clerk, 'submit');
    expect(submitted.deadlines[0]).toMatchObject({ kind: 'filing', status: 'met' });
    await act(created.id, clerk, 'ship-old-parts', {
      waybill: 'SF1234567890',
      tags: [{ partNo: '0AM-325-065', tag: 'WT-2026-000118' }],
    });
    const received = await act(created.id, oem, 'receive-old-parts');
    expect(received.allowedActions).toEqual(['inspect-old-parts']);
    const early = await engine.request<Problem>(
      'POST',
      `/api/v1/warranty-claims/${created.id}/actions/approve`,
      { caller: oem, body: { approvedCents: 300_000 } },
    );
    expect(early.status).toBe(409);
    await act(created.id, oem, 'inspect-old-parts', {
      partCausedFailure: true,
      findings: 'valve body worn',
      disposition: 'return_to_supplier',
    });
    await act(created.id, oem, 'approve', { approvedCents: 300_000 });
    await act(created.id, oem, 'pay', { reference: 'WPAY-2026-118' });
    const closed = await act(created.id, oem, 'record-callback', {
      satisfaction: 'very_satisfied',
      courtesy: 'polite',
      customerPaid: false,
    });
    expect(closed.state).toBe('closed');
  });

  // Seed 002: 「经销商索赔员在给客户提供服务后的0到10日内向长安福特提交索赔申请」.
  it('no longer offers submit once the 10-day filing window has closed, refuses it, and stores nothing', async () => {
    const created = await open('2026-02-15T08:00:00.000Z');
    const determined = await act(created.id, clerk, 'determine-quality', {
      qualityProblem: true,
      notes: 'ok',
    });
    expect(determined.state).toBe('awaiting_submission');
    expect(determined.allowedActions).toEqual(['withdraw']);
    const late = await engine.request<Problem>(
      'POST',
      `/api/v1/warranty-claims/${created.id}/actions/submit`,
      { caller: clerk, body: {} },
    );
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ state: 'awaiting_submission', allowedActions: ['withdraw'] });
    // The SLA sweeper may record the overdue filing meanwhile; the refused submit itself records nothing.
    const stream = await engine.runtime.store.readStream(`warranty-claim-${created.id}`);
    expect(stream.map((event) => event.type)).not.toContain('WarrantyClaimSubmitted');
    const withdrawn = await act(created.id, clerk, 'withdraw', { reason: 'filed too late' });
    expect(withdrawn.state).toBe('withdrawn');
  });

  it('offers submit on the last second of the filing window and not one second later', async () => {
    const created = await open('2026-02-20T09:00:00.000Z');
    await act(created.id, clerk, 'determine-quality', { qualityProblem: true, notes: 'ok' });
    const viewAt = async (at: string) => {
      clock.set(at);
      return (await engine.request<View>('GET', `/api/v1/warranty-claims/${created.id}`, { caller: clerk }))
        .body;
    };
    expect((await viewAt('2026-03-02T09:00:00.000Z')).allowedActions).toEqual(['submit', 'withdraw']);
    expect((await viewAt('2026-03-02T09:00:01.000Z')).allowedActions).toEqual(['withdraw']);
  });

  it('records the OEM rejection with its reason', async () => {
    clock.set('2026-03-05T09:00:00.000Z');
    const created = await open('2026-03-04T08:00:00.000Z');
    await act(created.id, clerk, 'determine-quality', { qualityProblem: true, notes: 'ok' });
    await act(created.id, clerk, 'submit');
    await act(created.id, clerk, 'ship-old-parts', {
      waybill: 'SF99',
      tags: [{ partNo: '0AM-325-065', tag: 'WT-99' }],
    });
    await act(created.id, oem, 'receive-old-parts');
    await act(created.id, oem, 'inspect-old-parts', {
      partCausedFailure: false,
      findings: 'impact damage on the housing',
      disposition: 'scrap',
    });
    const rejected = await act(created.id, oem, 'reject', { reason: 'old part shows impact damage' });
    expect(rejected.state).toBe('rejected');
  });

  // Seed 002: 「故障配件(即旧件)换下后,定期返还给长安福特索赔中心的旧件回收处用作分析研究」.
  it('runs an old-parts return clock from filing and refuses a shipment with a part untagged', async () => {
    clock.set('2026-03-05T09:00:00.000Z');
    const created = await open('2026-03-04T08:00:00.000Z');
    await act(created.id, clerk, 'determine-quality', { qualityProblem: true, notes: 'ok' });
    const submitted = await act(created.id, clerk, 'submit');
    expect(submitted.deadlines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'old-parts-return',
          status: 'pending',
          dueAt: '2026-04-04T09:00:00.000Z',
        }),
      ]),
    );
    const untagged = await engine.request<Problem>(
      'POST',
      `/api/v1/warranty-claims/${created.id}/actions/ship-old-parts`,
      { caller: clerk, body: { waybill: 'SF1' } },
    );
    expect(untagged.status).toBe(400);
    expect(untagged.body.errors?.[0]).toMatchObject({ field: 'tags' });
  });
});
