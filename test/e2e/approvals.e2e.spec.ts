import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import { attachDocument } from './attachment-fixtures.js';
import { goodwillApplication, majorComplaint } from './goodwill-fixtures.js';

interface View {
  id: string;
  state: string;
  assignedRole: string | null;
  allowedActions: string[];
  data: Record<string, unknown>;
}

const director: Caller = {
  sub: 'he.director',
  name: '何总监',
  roles: ['service_director'],
  dealerId: 'D001',
  regionId: 'R01',
};
const rep: Caller = { sub: 'lin.rep', name: '林', roles: ['oem_aftersales_rep'], regionId: 'R01' };
const rsm: Caller = { sub: 'guo.rsm', roles: ['regional_service_manager'], regionId: 'R01' };
const oemGm: Caller = { sub: 'ma.gm', roles: ['oem_general_manager'] };
const liability: Caller = { sub: 'xu.pl', roles: ['product_liability'] };
const leadership: Caller = { sub: 'yang.vp', roles: ['oem_leadership'] };
const regionalStaff: Caller = { sub: 'tang.rs', roles: ['regional_service_staff'], regionId: 'R01' };
const otherRegionRsm: Caller = { sub: 'song.rsm', roles: ['regional_service_manager'], regionId: 'R02' };
const fsr: Caller = { sub: 'fan.fsr', roles: ['field_service_rep'], regionId: 'R01' };
const ftm: Caller = { sub: 'cao.ftm', roles: ['field_technical_manager'], regionId: 'R01' };
const auditor: Caller = { sub: 'deng.audit', roles: ['technical_auditor'] };
const claims: Caller = { sub: 'xie.claims', roles: ['oem_claims'] };

const claimRequest = {
  customerSensitivity: ['media'],
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 },
  faultDescription: 'gearbox failure out of warranty',
  cause: 'quality_defect',
};

describe('approval chains over HTTP on the embedded store', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  async function act(
    resource: string,
    id: string,
    caller: Caller,
    action: string,
    body: unknown = {},
  ): Promise<View> {
    const result = await engine.request<View>('POST', `/api/v1/${resource}/${id}/actions/${action}`, {
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
  const inbox = async (caller: Caller) =>
    (await engine.request<{ items: View[] }>('GET', '/api/v1/work-queue', { caller })).body.items.map(
      (item) => item.id,
    );
  /** A v3 application, with the scan of the waiver the rep confirms on (goodwill's required documents). */
  const apply = async () => {
    const created = (
      await engine.request<View>('POST', '/api/v1/goodwill-applications', {
        caller: director,
        body: goodwillApplication(await majorComplaint(engine)),
      })
    ).body;
    await attachDocument(engine, director, 'goodwill-applications', created.id, 'waiver-scan');
    return created;
  };

  it('walks a goodwill application through every signer to settled', async () => {
    const created = await apply();
    expect(created).toMatchObject({
      state: 'awaiting_waiver_confirmation',
      assignedRole: 'oem_aftersales_rep',
    });
    expect(await inbox(rep)).toContain(created.id);
    await act('goodwill-applications', created.id, rep, 'confirm-waiver');

    for (const [signer, comment] of [
      [rep, '符合善意补偿条件'],
      [rsm, 'agreed'],
      [oemGm, 'agreed'],
      [liability, 'submitted to leadership'],
      [leadership, 'approved'],
    ] as [Caller, string][]) {
      expect(await inbox(signer)).toContain(created.id);
      for (const other of [rep, rsm, oemGm, liability, leadership].filter(
        (candidate) => candidate !== signer,
      )) {
        if (other === liability && signer === leadership) continue;
        expect(await inbox(other)).not.toContain(created.id);
      }
      expect(await inbox(otherRegionRsm)).not.toContain(created.id);
      await act('goodwill-applications', created.id, signer, 'approve', { comment });
    }
    const approved = await engine.request<View>('GET', `/api/v1/goodwill-applications/${created.id}`, {
      caller: liability,
    });
    expect(approved.body).toMatchObject({
      state: 'approved',
      allowedActions: ['notify-regional-staff'],
      data: { approvedAmountCents: 1_500_000 },
    });

    await act('goodwill-applications', created.id, liability, 'notify-regional-staff');
    await act('goodwill-applications', created.id, regionalStaff, 'request-settlement-material');
    await act('goodwill-applications', created.id, director, 'submit-settlement-material', {
      documents: ['invoice.pdf', 'towing-receipt.pdf'],
    });
    await attachDocument(engine, director, 'goodwill-applications', created.id, 'settlement-sheet');
    const tooMuch = await engine.request<{ errors: { field: string }[] }>(
      'POST',
      `/api/v1/goodwill-applications/${created.id}/actions/settle`,
      {
        caller: liability,
        body: { paidAmountCents: 1_600_000, reference: 'PAY-1' },
      },
    );
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors[0]?.field).toBe('paidAmountCents');
    const settled = await act('goodwill-applications', created.id, liability, 'settle', {
      paidAmountCents: 1_500_000,
      reference: 'PAY-2026-0412',
    });
    expect(settled.state).toBe('settled');

    const history = await engine.request<{
      events: {
        type: string;
        actor: { id: string; roles: string[] };
        occurredAt: string;
        data: { comment?: string };
      }[];
    }>('GET', `/api/v1/goodwill-applications/${created.id}/history`, { caller: liability });
    const signatures = history.body.events.filter((event) => event.type === 'GoodwillApprovalSigned');
    expect(signatures.map((event) => [event.actor.id, event.actor.roles[0], event.data.comment])).toEqual([
      ['lin.rep', 'oem_aftersales_rep', '符合善意补偿条件'],
      ['guo.rsm', 'regional_service_manager', 'agreed'],
      ['ma.gm', 'oem_general_manager', 'agreed'],
      ['xu.pl', 'product_liability', 'submitted to leadership'],
      ['yang.vp', 'oem_leadership', 'approved'],
    ]);
    expect(signatures.every((event) => typeof event.occurredAt === 'string')).toBe(true);
  });

  it('returns an application to the dealer, who corrects and resubmits; signatures start again', async () => {
    const created = await apply();
    await act('goodwill-applications', created.id, rep, 'confirm-waiver');
    await act('goodwill-applications', created.id, rep, 'approve');
    const returned = await act('goodwill-applications', created.id, rsm, 'return', {
      reason: 'attach the towing invoice',
    });
    expect(returned).toMatchObject({ state: 'returned', assignedRole: 'service_director' });
    expect(await inbox(director)).toContain(created.id);
    const resubmitted = await act('goodwill-applications', created.id, director, 'resubmit', {
      costLines: [{ kind: 'direct', description: 'rental car, 8 days', amountCents: 1_200_000 }],
    });
    expect(resubmitted).toMatchObject({
      state: 'awaiting_signatures',
      assignedRole: 'oem_aftersales_rep',
      data: { round: 2, amountCents: 1_200_000, signatures: [] },
    });
  });

  it('shows an application in the view of the complaint it settles', async () => {
    const cs: Caller = { sub: 'wang.cs', roles: ['customer_service'], dealerId: 'D001', regionId: 'R01' };
    const complaint = await engine.request<View>('POST', '/api/v1/complaints', {
      caller: cs,
      body: {
        channel: 'phone',
        category: 'product_quality',
        severity: 'major',
        customer: { name: '周', phone: '13900139000', class: 'A', sensitive: ['media'] },
        vehicle: { vin: 'LSVAU2180N2183294' },
        description: 'engine failed twice on the highway',
      },
    });
    const created = (
      await engine.request<View>('POST', '/api/v1/goodwill-applications', {
        caller: director,
        body: goodwillApplication(complaint.body.id),
      })
    ).body;
    const view = await engine.request<View & { related: { type: string; id: string; state: string }[] }>(
      'GET',
      `/api/v1/complaints/${complaint.body.id}`,
      { caller: cs },
    );
    expect(view.body.related).toEqual([
      {
        type: 'goodwill',
        id: created.id,
        state: 'awaiting_waiver_confirmation',
        assignedRole: 'oem_aftersales_rep',
      },
    ]);
  });

  it('rejects an application for good', async () => {
    const created = await apply();
    await act('goodwill-applications', created.id, rep, 'confirm-waiver');
    const rejected = await act('goodwill-applications', created.id, rep, 'reject', {
      reason: 'consequential losses are not covered',
    });
    expect(rejected).toMatchObject({ state: 'rejected', assignedRole: null });
    const after = await engine.request<{ status: number }>(
      'POST',
      `/api/v1/goodwill-applications/${created.id}/actions/approve`,
      { caller: rsm, body: {} },
    );
    expect(after.status).toBe(409);
  });

  it('never lets the applicant or another region sign', async () => {
    const created = await apply();
    const applicantSigns = await engine.request(
      'POST',
      `/api/v1/goodwill-applications/${created.id}/actions/confirm-waiver`,
      { caller: director, body: {} },
    );
    expect(applicantSigns.status).toBe(409);
    const foreign = await engine.request('GET', `/api/v1/goodwill-applications/${created.id}`, {
      caller: otherRegionRsm,
    });
    expect(foreign.status).toBe(404);
  });

  it('walks a preferential claim to settled', async () => {
    const created = (
      await engine.request<View>('POST', '/api/v1/preferential-claims', {
        caller: director,
        body: claimRequest,
      })
    ).body;
    expect(created.state).toBe('awaiting_vehicle_verification');
    await act('preferential-claims', created.id, fsr, 'verify-vehicle', {
      findings: 'valve body worn at 131,000 km',
    });
    await act('preferential-claims', created.id, ftm, 'confirm-quality-problem', {
      qualityProblem: true,
      notes: 'known batch defect',
    });
    await act('preferential-claims', created.id, fsr, 'confirm-claimable', { claimable: true });
    await act('preferential-claims', created.id, director, 'fill-form', { amountCents: 800_000 });
    expect(await inbox(ftm)).toContain(created.id);
    expect(await inbox(fsr)).toContain(created.id);
    await act('preferential-claims', created.id, ftm, 'sign');
    await act('preferential-claims', created.id, fsr, 'sign', { comment: 'verified on site' });
    await act('preferential-claims', created.id, auditor, 'audit', { passed: true, notes: 'ok' });
    await act('preferential-claims', created.id, claims, 'process');
    await act('preferential-claims', created.id, ftm, 'notify-result');
    const settled = await act('preferential-claims', created.id, claims, 'settle', {
      paidAmountCents: 800_000,
      reference: 'CL-2026-77',
    });
    expect(settled).toMatchObject({ state: 'settled', data: { paidAmountCents: 800_000 } });
  });

  it('refuses a preferential claim for a natural disaster with the reason', async () => {
    const before = await engine.runtime.store.headPosition();
    const result = await engine.request<{ errors: { field: string; reason: string }[] }>(
      'POST',
      '/api/v1/preferential-claims',
      {
        caller: director,
        body: { ...claimRequest, cause: 'natural_disaster' },
      },
    );
    expect(result.status).toBe(400);
    expect(result.body.errors[0]).toMatchObject({ field: 'cause' });
    expect(result.body.errors[0]?.reason).toContain('natural disaster');
    expect(await engine.runtime.store.headPosition()).toBe(before);
  });

  it('ends a preferential claim that is not a quality problem', async () => {
    const created = (
      await engine.request<View>('POST', '/api/v1/preferential-claims', {
        caller: director,
        body: claimRequest,
      })
    ).body;
    await act('preferential-claims', created.id, fsr, 'verify-vehicle', { findings: 'clutch worn by use' });
    const decided = await act('preferential-claims', created.id, ftm, 'confirm-quality-problem', {
      qualityProblem: false,
      notes: 'normal wear',
    });
    expect(decided).toMatchObject({ state: 'rejected', assignedRole: null });
  });
});
