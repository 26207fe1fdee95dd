import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { FixedClock } from '../../libs/kernel/index.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import { warrantyClaimBody } from './warranty-fixtures.js';

interface View {
  id: string;
  state: string;
  machineVersion: number;
  assignedRole: string | null;
  data: Record<string, unknown>;
  deadlines: { kind: string; status: string; dueAt: string }[];
  allowedActions: string[];
}
interface Problem {
  status: number;
  type?: string;
  errors?: { field: string; reason: string; code?: string; max?: number }[];
}

const clerk: Caller = { sub: 'qian.clerk', roles: ['claims_clerk'], dealerId: 'D001', regionId: 'R01' };
const director: Caller = {
  sub: 'zhou.director',
  roles: ['service_director'],
  dealerId: 'D001',
  regionId: 'R01',
};
const oem: Caller = { sub: 'xie.claims', roles: ['oem_claims'] };

/** Serviced in region R01 on 2026-03-04: priced from oem-prices@1 at 150.00 per standard hour. */
const claimBody = warrantyClaimBody('2026-03-04T08:00:00.000Z');

describe('warranty claim v4 over HTTP on the real store (seeds 001/002/003)', () => {
  let engine: EngineUnderTest;
  let clock: FixedClock;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    clock = engine.clock as FixedClock;
  });
  afterAll(async () => {
    await engine.stop();
  });
  beforeEach(() => clock.set('2026-03-05T09:00:00.000Z'));

  const post = <T>(path: string, caller: Caller, body: unknown) =>
    engine.request<T>('POST', path, { caller, body });
  async function act(id: string, caller: Caller, action: string, body: unknown = {}): Promise<View> {
    const result = await post<View>(`/api/v1/warranty-claims/${id}/actions/${action}`, caller, body);
    expect({ action, status: result.status, body: result.status === 200 ? 'ok' : result.body }).toEqual({
      action,
      status: 200,
      body: 'ok',
    });
    return result.body;
  }
  async function open(body: Record<string, unknown> = claimBody): Promise<View> {
    const created = await post<View>('/api/v1/warranty-claims', clerk, body);
    expect(created.status).toBe(201);
    return created.body;
  }
  /** A claim opened now, filed, its old parts returned and found to have caused the failure. */
  async function inspected(): Promise<View> {
    const created = await open();
    await act(created.id, clerk, 'determine-quality', { qualityProblem: true, notes: 'valve body worn' });
    await act(created.id, clerk, 'submit');
    await act(created.id, clerk, 'ship-old-parts', {
      waybill: 'SF1',
      tags: [{ partNo: '0AM-325-065', tag: 'WT-1' }],
    });
    await act(created.id, oem, 'receive-old-parts');
    await act(created.id, oem, 'inspect-old-parts', {
      partCausedFailure: true,
      findings: 'worn',
      disposition: 'scrap',
    });
    return created;
  }
  async function refusedOpening(body: Record<string, unknown>): Promise<Problem> {
    const before = await engine.runtime.store.headPosition();
    const refused = await post<Problem>('/api/v1/warranty-claims', clerk, body);
    expect(await engine.runtime.store.headPosition()).toBe(before);
    return { ...refused.body, status: refused.status };
  }

  // Seed 002: 「长安福特收到旧件并确认是零件原因引起的故障后,按系统设定的价格赔付给经销商」.
  describe('「按系统设定的价格赔付」: the OEM price list', () => {
    it('opens a new claim on v4, priced line by line, with the list version recorded on the event', async () => {
      const created = await open();
      expect(created).toMatchObject({ machineVersion: 4, data: { systemPriceCents: 300_000 } });
      const history = await engine.request<{ events: { type: string; data: Record<string, unknown> }[] }>(
        'GET',
        `/api/v1/warranty-claims/${created.id}/history`,
        { caller: clerk },
      );
      expect(history.body.events[0]).toMatchObject({
        type: 'WarrantyClaimOpened',
        data: {
          pricing: {
            priceListVersion: 'oem-prices@1',
            labourRateCents: 15_000,
            labourCents: 60_000,
            partsCents: 240_000,
            totalCents: 300_000,
          },
        },
      });
    });

    it('refuses a line claimed above the list with 422 naming the line, and stores nothing', async () => {
      const refused = await refusedOpening({
        ...claimBody,
        parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1, claimedCents: 250_000 }],
        partsCents: 250_000,
      });
      expect(refused).toMatchObject({ status: 422, type: expect.stringContaining('refused-by-rule') });
      expect(refused.errors).toEqual([
        expect.objectContaining({ field: 'parts.0.claimedCents', code: 'above_list_price', max: 240_000 }),
      ]);
      expect(refused.errors?.[0]?.reason).toContain('0AM-325-065');
    });

    it('refuses an operation the list does not know with 422 naming it', async () => {
      const refused = await refusedOpening({
        ...claimBody,
        labour: [{ operationCode: 'ZZ-00-99', claimedCents: 60_000 }],
      });
      expect(refused.status).toBe(422);
      expect(refused.errors).toEqual([
        expect.objectContaining({ field: 'labour.0.operationCode', code: 'not_on_price_list' }),
      ]);
      expect(refused.errors?.[0]?.reason).toContain('ZZ-00-99');
    });

    it('refuses a claim without labour lines as bad input (400 naming the field)', async () => {
      const { labour: _labour, ...noLines } = claimBody;
      const refused = await refusedOpening(noLines);
      expect(refused.status).toBe(400);
      expect(refused.errors?.map((error) => error.field)).toEqual(['labour']);
    });

    it('caps approval at the priced amount', async () => {
      const created = await inspected();
      const over = await post<Problem>(`/api/v1/warranty-claims/${created.id}/actions/approve`, oem, {
        approvedCents: 300_001,
      });
      expect(over.status).toBe(400);
      expect(over.body.errors).toEqual([
        expect.objectContaining({ field: 'approvedCents', code: 'above_list_price', max: 300_000 }),
      ]);
      expect((await act(created.id, oem, 'approve', { approvedCents: 300_000 })).state).toBe('approved');
    });
  });

  // Seed 001: 「(3)用户提车不超过24小时,即发生重大故障」; 「2、不能索赔整车的条件 … (3)车辆发生过交通事故」.
  describe('整车索赔: whole-vehicle claims', () => {
    const asking = (majorFailureAt: string, accidentHistory = false) => ({
      qualityProblem: true,
      notes: 'gearbox seized',
      wholeVehicle: {
        grounds: ['major_failure_within_24h'],
        deliveredAt: '2026-03-03T10:00:00+08:00',
        majorFailureAt,
        accidentHistory,
      },
    });
    const determine = (id: string, body: unknown) =>
      post<Problem>(`/api/v1/warranty-claims/${id}/actions/determine-quality`, clerk, body);

    it('refuses a failure 24 h 0 min 1 s after delivery with 422 naming the field (hours, not calendar days)', async () => {
      const created = await open();
      const refused = await determine(created.id, asking('2026-03-04T10:00:01+08:00'));
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({ field: 'wholeVehicle.majorFailureAt', code: 'whole_vehicle_condition' }),
      ]);
    });

    it('refuses a vehicle that has ever had an accident with 422 naming the field', async () => {
      const created = await open();
      const refused = await determine(created.id, asking('2026-03-04T09:00:00+08:00', true));
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({ field: 'wholeVehicle.accidentHistory', code: 'whole_vehicle_excluded' }),
      ]);
    });

    it('grants one within 24 hours on its own path: no submission, the OEM approves the replacement', async () => {
      const created = await open();
      const granted = await determine(created.id, asking('2026-03-04T09:59:59+08:00'));
      expect(granted.status).toBe(200);
      const view = granted.body as unknown as View;
      expect(view).toMatchObject({ state: 'awaiting_whole_vehicle_decision', assignedRole: 'oem_claims' });
      // The filing clock is cancelled (hidden): a whole-vehicle claim files no labour + parts claim.
      expect(view.deadlines.map((deadline) => deadline.kind)).not.toContain('filing');
      const submit = await post<Problem>(`/api/v1/warranty-claims/${created.id}/actions/submit`, clerk, {});
      expect(submit.status).toBe(409);
      const approved = await act(created.id, oem, 'approve-whole-vehicle', {
        remedy: 'replacement',
        notes: 'replace the vehicle',
      });
      expect(approved).toMatchObject({ state: 'whole_vehicle_approved', allowedActions: [] });
    });
  });

  // Seed 002: 「长安福特再按经销商的维修内容回访客户,主要回访内容包括…是否付费等几项」.
  it('a callback with customerPaid=true opens the OEM follow-up on a 7-day clock; recording it closes the claim', async () => {
    const created = await inspected();
    await act(created.id, oem, 'approve', { approvedCents: 300_000 });
    await act(created.id, oem, 'pay', { reference: 'WPAY-1' });
    const called = await act(created.id, oem, 'record-callback', {
      satisfaction: 'dissatisfied',
      customerPaid: true,
    });
    expect(called).toMatchObject({
      state: 'customer_paid_follow_up',
      assignedRole: 'oem_claims',
      allowedActions: ['follow-up-customer-paid'],
    });
    expect(called.deadlines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'customer-paid-follow-up',
          status: 'pending',
          dueAt: '2026-03-12T09:00:00.000Z',
        }),
      ]),
    );
    const closed = await act(created.id, oem, 'follow-up-customer-paid', {
      paymentResolution: 'refunded_to_customer',
      notes: 'the dealer charged the diagnosis; refunded',
    });
    expect(closed.state).toBe('closed');
    expect(closed.deadlines.find((deadline) => deadline.kind === 'customer-paid-follow-up')?.status).toBe(
      'met',
    );
  });

  // Seed 003: 「敏感客户车辆在超过质量担保期发生的由于质量问题导致的车辆故障,汽车生产企业承担车辆的维修费用」.
  it('a not-eligible preferential candidate offers the service director the preferential claim, opened prefilled and linked once', async () => {
    const created = await open({
      ...claimBody,
      vehicle: { ...claimBody.vehicle, invoiceDate: '2020-01-06', mileageKm: 131_000 },
      customerSensitivity: ['media'],
    });
    const determined = await act(created.id, clerk, 'determine-quality', {
      qualityProblem: true,
      notes: 'worn',
    });
    expect(determined.state).toBe('not_eligible');
    const offered = await engine.request<View>('GET', `/api/v1/warranty-claims/${created.id}`, {
      caller: director,
    });
    expect(offered.body.allowedActions).toEqual(['open-preferential-claim']);
    // The console's form is generated from the body this route documents: the director's cause, not the link.
    const openApi = await engine.request<{
      paths: Record<
        string,
        { post?: { requestBody?: { content: Record<string, { schema: { $ref?: string } }> } } }
      >;
    }>('GET', '/openapi.json', { caller: director });
    expect(
      openApi.body.paths['/api/v1/warranty-claims/{id}/actions/open-preferential-claim']?.post?.requestBody
        ?.content['application/json']?.schema.$ref,
    ).toBe('#/components/schemas/OpenPreferentialClaimRequestDto');
    const path = `/api/v1/warranty-claims/${created.id}/actions/open-preferential-claim`;
    expect((await post<Problem>(path, director, { cause: 'flood' })).status).toBe(400);
    const opened = await post<View>(path, director, { cause: 'quality_defect' });
    expect(opened.status).toBe(200);
    const preferentialClaimId = String(opened.body.data.preferentialClaimId);
    expect(opened.body.allowedActions).toEqual([]);
    const preferential = await engine.request<View>(
      'GET',
      `/api/v1/preferential-claims/${preferentialClaimId}`,
      {
        caller: director,
      },
    );
    expect(preferential.body).toMatchObject({
      machineVersion: 3,
      state: 'awaiting_vehicle_verification',
      data: {
        customerSensitivity: ['media'],
        vehicle: { vin: 'LSVAU2180N2183294', invoiceDate: '2020-01-06', mileageKm: 131_000 },
        cause: 'quality_defect',
      },
    });
    const retried = await post<View>(path, director, { cause: 'quality_defect' });
    expect(retried.status).toBe(200);
    expect(retried.body.data.preferentialClaimId).toBe(preferentialClaimId);
    const stream = await engine.runtime.store.readStream(`warranty-claim-${created.id}`);
    expect(stream.filter((event) => event.type === 'WarrantyClaimPreferentialClaimOpened')).toHaveLength(1);
  });
});
