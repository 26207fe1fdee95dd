import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attachDocument } from './attachment-fixtures.js';
import { complaintIntake, serviceManager } from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import { goodwillApplication, majorComplaint } from './goodwill-fixtures.js';
import { warrantyClaimBody } from './warranty-fixtures.js';

interface View {
  id: string;
  machineVersion: number;
  state: string;
  allowedActions: string[];
}
type Problem = { status: number; allowedActions?: string[] };

const director: Caller = {
  sub: 'he.director',
  roles: ['service_director'],
  dealerId: 'D001',
  regionId: 'R01',
};
const rep: Caller = { sub: 'lin.rep', roles: ['oem_aftersales_rep'], regionId: 'R01' };
const rsm: Caller = { sub: 'guo.rsm', roles: ['regional_service_manager'], regionId: 'R01' };
const fsr: Caller = { sub: 'fan.fsr', roles: ['field_service_rep'], regionId: 'R01' };
const ftm: Caller = { sub: 'cao.ftm', roles: ['field_technical_manager'], regionId: 'R01' };
const claims: Caller = { sub: 'xie.claims', roles: ['oem_claims'] };
/** People whose tokens carry two roles of one chain. */
const applicantAndRep: Caller = { ...director, roles: ['service_director', 'oem_aftersales_rep'] };
const repAndRsm: Caller = {
  sub: 'li.both',
  roles: ['oem_aftersales_rep', 'regional_service_manager'],
  regionId: 'R01',
};
const fsrAndFtm: Caller = {
  sub: 'wu.both',
  roles: ['field_service_rep', 'field_technical_manager'],
  regionId: 'R01',
};
const auditorAndClaims: Caller = { sub: 'deng.both', roles: ['technical_auditor', 'oem_claims'] };
/** The dealer's claims clerk who is also OEM claims staff of the dealer's region. */
const clerkAndOemClaims: Caller = {
  sub: 'zhou.two-hats',
  roles: ['claims_clerk', 'oem_claims'],
  dealerId: 'D001',
  regionId: 'R01',
};
const clerk: Caller = { sub: 'qian.clerk', roles: ['claims_clerk'], dealerId: 'D001', regionId: 'R01' };
/** A small dealer's service manager who also answers customers. */
const csAndServiceManager: Caller = {
  sub: 'li.cs-and-sm',
  roles: ['customer_service', 'service_manager'],
  dealerId: 'D001',
  regionId: 'R01',
};

const claimRequest = {
  customerSensitivity: ['media'],
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 },
  faultDescription: 'gearbox failure out of warranty',
  cause: 'quality_defect',
};

describe('segregation of duties by person, over HTTP on the embedded store', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  /** A goodwill application (v3) for a fresh major complaint of D001. */
  const application = async () => goodwillApplication(await majorComplaint(engine));
  const create = async (resource: string, caller: Caller, body: unknown): Promise<View> => {
    const created = await engine.request<View>('POST', `/api/v1/${resource}`, { caller, body });
    expect(created.status).toBe(201);
    return created.body;
  };
  const act = (resource: string, id: string, caller: Caller, action: string, body: unknown = {}) =>
    engine.request<View | Problem>('POST', `/api/v1/${resource}/${id}/actions/${action}`, { caller, body });
  const ok = async (resource: string, id: string, caller: Caller, action: string, body: unknown = {}) =>
    expect((await act(resource, id, caller, action, body)).status).toBe(200);
  /** Refused with 409 and nothing recorded. */
  const refused = async (
    resource: string,
    id: string,
    caller: Caller,
    action: string,
    body: unknown = {},
  ) => {
    const before = await engine.runtime.store.headPosition();
    const result = await act(resource, id, caller, action, body);
    expect(result.status).toBe(409);
    expect((result.body as Problem).allowedActions).toEqual([]);
    expect(await engine.runtime.store.headPosition()).toBe(before);
  };

  it('opens new goodwill applications and preferential claims on version 3', async () => {
    expect((await create('goodwill-applications', director, await application())).machineVersion).toBe(3);
    expect((await create('preferential-claims', director, claimRequest)).machineVersion).toBe(3);
  });

  it('refuses the applicant confirming their own waiver, whatever roles their token carries', async () => {
    const created = await create('goodwill-applications', applicantAndRep, await application());
    await attachDocument(engine, applicantAndRep, 'goodwill-applications', created.id, 'waiver-scan');
    await refused('goodwill-applications', created.id, applicantAndRep, 'confirm-waiver');
    await ok('goodwill-applications', created.id, rep, 'confirm-waiver');
  });

  it('refuses a person who confirmed the waiver as rep signing as regional manager', async () => {
    const created = await create('goodwill-applications', director, await application());
    await attachDocument(engine, director, 'goodwill-applications', created.id, 'waiver-scan');
    await ok('goodwill-applications', created.id, repAndRsm, 'confirm-waiver');
    await ok('goodwill-applications', created.id, rep, 'approve');
    await refused('goodwill-applications', created.id, repAndRsm, 'approve');
    await refused('goodwill-applications', created.id, repAndRsm, 'reject', { reason: 'x' });
    await ok('goodwill-applications', created.id, rsm, 'approve');
  });

  it('refuses a person who signed a preferential claim as one signer rejecting it as the other', async () => {
    const created = await create('preferential-claims', director, claimRequest);
    await ok('preferential-claims', created.id, fsr, 'verify-vehicle', { findings: 'valve body worn' });
    await ok('preferential-claims', created.id, ftm, 'confirm-quality-problem', {
      qualityProblem: true,
      notes: 'batch defect',
    });
    await ok('preferential-claims', created.id, fsr, 'confirm-claimable', { claimable: true });
    await ok('preferential-claims', created.id, director, 'fill-form', { amountCents: 800_000 });
    await ok('preferential-claims', created.id, fsrAndFtm, 'sign');
    await refused('preferential-claims', created.id, fsrAndFtm, 'reject', { reason: 'x' });
    await refused('preferential-claims', created.id, fsrAndFtm, 'sign');
  });

  it('refuses a person who verified the vehicle as FSR deciding the quality problem as FTM', async () => {
    const created = await create('preferential-claims', director, claimRequest);
    await ok('preferential-claims', created.id, fsrAndFtm, 'verify-vehicle', { findings: 'valve body worn' });
    await refused('preferential-claims', created.id, fsrAndFtm, 'confirm-quality-problem', {
      qualityProblem: true,
      notes: 'batch defect',
    });
  });

  it('refuses a person who verified the vehicle as FSR signing as FTM after another FSR signed', async () => {
    const otherFsr: Caller = { ...fsr, sub: 'gao.fsr' };
    const created = await create('preferential-claims', director, claimRequest);
    await ok('preferential-claims', created.id, fsrAndFtm, 'verify-vehicle', { findings: 'valve body worn' });
    await ok('preferential-claims', created.id, ftm, 'confirm-quality-problem', {
      qualityProblem: true,
      notes: 'batch defect',
    });
    await ok('preferential-claims', created.id, fsrAndFtm, 'confirm-claimable', { claimable: true });
    await ok('preferential-claims', created.id, director, 'fill-form', { amountCents: 800_000 });
    await ok('preferential-claims', created.id, otherFsr, 'sign');
    await refused('preferential-claims', created.id, fsrAndFtm, 'sign');
    await ok('preferential-claims', created.id, ftm, 'sign');
  });

  it('refuses the technical auditor processing the claim they audited as OEM claims', async () => {
    const created = await create('preferential-claims', director, claimRequest);
    await ok('preferential-claims', created.id, fsr, 'verify-vehicle', { findings: 'valve body worn' });
    await ok('preferential-claims', created.id, ftm, 'confirm-quality-problem', {
      qualityProblem: true,
      notes: 'batch defect',
    });
    await ok('preferential-claims', created.id, fsr, 'confirm-claimable', { claimable: true });
    await ok('preferential-claims', created.id, director, 'fill-form', { amountCents: 800_000 });
    await ok('preferential-claims', created.id, ftm, 'sign');
    await ok('preferential-claims', created.id, fsr, 'sign');
    await ok('preferential-claims', created.id, auditorAndClaims, 'audit', { passed: true, notes: 'ok' });
    await refused('preferential-claims', created.id, auditorAndClaims, 'process');
    await ok('preferential-claims', created.id, claims, 'process');
  });

  it('refuses the clerk who filed a warranty claim receiving, inspecting, approving, paying or following it up as OEM claims', async () => {
    const serviceCompletedAt = new Date(engine.clock.now().getTime() - 3_600_000).toISOString();
    const created = await create('warranty-claims', clerkAndOemClaims, warrantyClaimBody(serviceCompletedAt));
    expect(created.machineVersion).toBe(4);
    await ok('warranty-claims', created.id, clerkAndOemClaims, 'determine-quality', {
      qualityProblem: true,
      notes: 'valve body worn',
    });
    await ok('warranty-claims', created.id, clerk, 'submit');
    await ok('warranty-claims', created.id, clerk, 'ship-old-parts', {
      waybill: 'SF123',
      tags: [{ partNo: '0AM-325-065', tag: 'WT-118' }],
    });
    await refused('warranty-claims', created.id, clerkAndOemClaims, 'receive-old-parts');
    await ok('warranty-claims', created.id, claims, 'receive-old-parts');
    const inspection = { partCausedFailure: true, findings: 'valve body worn', disposition: 'scrap' };
    await refused('warranty-claims', created.id, clerkAndOemClaims, 'inspect-old-parts', inspection);
    await ok('warranty-claims', created.id, claims, 'inspect-old-parts', inspection);
    await refused('warranty-claims', created.id, clerkAndOemClaims, 'approve', { approvedCents: 300_000 });
    await ok('warranty-claims', created.id, claims, 'approve', { approvedCents: 300_000 });
    await refused('warranty-claims', created.id, clerkAndOemClaims, 'pay', { reference: 'WPAY-1' });
    await ok('warranty-claims', created.id, claims, 'pay', { reference: 'WPAY-1' });
    await ok('warranty-claims', created.id, claims, 'record-callback', {
      satisfaction: 'dissatisfied',
      customerPaid: true,
    });
    // v4's customer-paid follow-up is an OEM step too.
    const followUp = { paymentResolution: 'dealer_charged_back', notes: 'charged for a warranty part' };
    await refused('warranty-claims', created.id, clerkAndOemClaims, 'follow-up-customer-paid', followUp);
    await ok('warranty-claims', created.id, claims, 'follow-up-customer-paid', followUp);
  });

  it('refuses a person who asked to dismiss a complaint approving or refusing it as service manager', async () => {
    const created = await create('complaints', csAndServiceManager, complaintIntake());
    expect(created.machineVersion).toBe(4);
    await ok('complaints', created.id, csAndServiceManager, 'dismiss', {
      reason: 'price as quoted',
      customerReply: 'showed the signed quote',
    });
    await refused('complaints', created.id, csAndServiceManager, 'approve-dismissal');
    await refused('complaints', created.id, csAndServiceManager, 'refuse-dismissal', { reason: 'x' });
    await ok('complaints', created.id, serviceManager, 'approve-dismissal');
  });
});
