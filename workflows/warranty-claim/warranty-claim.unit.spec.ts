import { describe, expect, it } from '@jest/globals';
import {
  ForbiddenError,
  SYSTEM_ACTOR,
  TransitionNotAllowedError,
  ValidationFailedError,
} from '../../libs/kernel/index.js';
import {
  actorAs,
  DEALER,
  nationalActorAs,
  OTHER_DEALER,
  OTHER_REGION,
  REGION,
  specify,
  type GivenEvent,
} from '../../libs/testing/index.js';
import { createWarrantyClaimWorkflowV1 } from './warranty-claim.workflow.js';
import { shippedPolicies } from '../../libs/testing/warranty-policies.js';

const policies = shippedPolicies();
const claim = specify(createWarrantyClaimWorkflowV1(policies));
const clerk = actorAs('claims_clerk');
const oem = nationalActorAs('oem_claims');

const opening = {
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 },
  repairOrderId: 'RO-2026-0302-05',
  fault: { system: 'transmission', description: 'harsh 2-3 shift', partClass: 'base' },
  parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1 }],
  laborCents: 60_000,
  partsCents: 240_000,
  serviceCompletedAt: '2026-03-02T09:00:00.000Z',
  dealerId: DEALER,
  regionId: REGION,
};
const opened: GivenEvent = { type: 'WarrantyClaimOpened', data: opening, actor: clerk };
const determined = (qualityProblem = true): GivenEvent => ({
  type: 'WarrantyClaimQualityDetermined',
  data: {
    qualityProblem,
    notes: 'valve body',
    eligibility: {
      eligible: true,
      policyVersion: 'x',
      coverage: [{ kind: 'free_repair', ruleId: 'SB-REP-01' }],
      reasons: [],
      flags: [],
    },
  },
  actor: clerk,
});
const submitted: GivenEvent = {
  type: 'WarrantyClaimSubmitted',
  data: {},
  actor: clerk,
  at: '2026-03-05T09:00:00.000Z',
};
const shipped: GivenEvent = {
  type: 'WarrantyClaimOldPartsShipped',
  data: { waybill: 'SF123' },
  actor: clerk,
};
const received: GivenEvent = { type: 'WarrantyClaimOldPartsReceived', data: {}, actor: oem };
const approved: GivenEvent = { type: 'WarrantyClaimApproved', data: { approvedCents: 300_000 }, actor: oem };
const paid: GivenEvent = { type: 'WarrantyClaimPaid', data: { reference: 'W-9' }, actor: oem };

describe('warranty claim v1', () => {
  it('lets the claims clerk open a claim for their dealer', () => {
    claim
      .given()
      .when({ action: 'create', actor: clerk, data: opening })
      .then({
        type: 'WarrantyClaimOpened',
        toState: 'awaiting_quality_determination',
        context: { systemPriceCents: 300_000, assignedRole: 'claims_clerk' },
      });
  });

  it('refuses a claim opened by anyone else', () => {
    claim
      .given()
      .when({ action: 'create', actor: actorAs('service_advisor'), data: opening })
      .thenThrows(ForbiddenError);
  });

  it('records the eligibility decision and its policy version with the quality determination', () => {
    const decision = claim
      .given(opened)
      .when({
        action: 'determine-quality',
        actor: clerk,
        data: { qualityProblem: true, notes: 'valve body worn' },
      })
      .then({ type: 'WarrantyClaimQualityDetermined', toState: 'awaiting_submission' });
    expect(decision.data.eligibility).toMatchObject({
      eligible: true,
      policyVersion: 'cn-three-guarantees@2021+oem-seed-warranty@1',
      coverage: expect.arrayContaining([
        expect.objectContaining({ kind: 'free_repair', ruleId: 'SB-REP-01' }),
      ]),
    });
  });

  it('ends a claim that is not a quality problem', () => {
    claim
      .given(opened)
      .when({ action: 'determine-quality', actor: clerk, data: { qualityProblem: false, notes: 'misuse' } })
      .then({
        type: 'WarrantyClaimQualityDetermined',
        toState: 'not_eligible',
      });
  });

  it('ends a claim outside every warranty', () => {
    const old = {
      ...opening,
      vehicle: { ...opening.vehicle, invoiceDate: '2019-01-01', mileageKm: 180_000 },
    };
    claim
      .given({ ...opened, data: old })
      .when({ action: 'determine-quality', actor: clerk, data: { qualityProblem: true, notes: 'x' } })
      .then({
        type: 'WarrantyClaimQualityDetermined',
        toState: 'not_eligible',
        context: { eligibility: { eligible: false } },
      });
  });

  it('files within 10 days of the service', () => {
    claim
      .given(opened, determined())
      .when({ action: 'submit', actor: clerk, at: '2026-03-12T09:00:00.000Z' })
      .then({
        type: 'WarrantyClaimSubmitted',
        toState: 'submitted',
      });
  });

  it('refuses a filing after 10 days with the reason', () => {
    claim
      .given(opened, determined())
      .when({ action: 'submit', actor: clerk, at: '2026-03-12T09:00:01.000Z' })
      .thenThrows(ValidationFailedError, {
        errors: [
          expect.objectContaining({
            field: 'serviceCompletedAt',
            reason: expect.stringContaining('within 10 days'),
          }),
        ],
      });
  });

  it('records a missed filing deadline from the SLA sweeper', () => {
    claim
      .given(opened, determined())
      .when({
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'filing', dueAt: '2026-03-12T09:00:00.000Z' },
      })
      .then({
        type: 'WarrantyClaimDeadlineBreached',
        toState: 'awaiting_submission',
        context: { filingDeadlineMissed: true },
      });
  });

  it('lets the clerk withdraw a claim that will not be filed', () => {
    claim
      .given(opened, determined())
      .when({ action: 'withdraw', actor: clerk, data: { reason: 'too late' } })
      .then({ type: 'WarrantyClaimWithdrawn', toState: 'withdrawn' });
  });

  it('walks shipping, receipt, approval, payment and callback', () => {
    claim
      .given(opened, determined(), submitted)
      .when({ action: 'ship-old-parts', actor: clerk, data: { waybill: 'SF123' } })
      .then({
        type: 'WarrantyClaimOldPartsShipped',
        toState: 'old_parts_shipped',
        context: { assignedRole: 'oem_claims' },
      });
    claim
      .given(opened, determined(), submitted, shipped)
      .when({ action: 'receive-old-parts', actor: oem })
      .then({ type: 'WarrantyClaimOldPartsReceived', toState: 'awaiting_decision' });
    claim
      .given(opened, determined(), submitted, shipped, received)
      .when({ action: 'approve', actor: oem, data: { approvedCents: 300_000 } })
      .then({ type: 'WarrantyClaimApproved', toState: 'approved' });
    claim
      .given(opened, determined(), submitted, shipped, received, approved)
      .when({ action: 'pay', actor: oem, data: { reference: 'W-9' } })
      .then({ type: 'WarrantyClaimPaid', toState: 'paid' });
    claim
      .given(opened, determined(), submitted, shipped, received, approved, paid)
      .when({
        action: 'record-callback',
        actor: oem,
        data: { satisfaction: 'satisfied', courtesy: 'good', customerPaid: false },
      })
      .then({
        type: 'WarrantyClaimCallbackRecorded',
        toState: 'closed',
        context: { callback: { customerPaid: false } },
      });
  });

  it('approves at most the system price', () => {
    claim
      .given(opened, determined(), submitted, shipped, received)
      .when({ action: 'approve', actor: oem, data: { approvedCents: 300_001 } })
      .thenThrows(ValidationFailedError, { errors: [expect.objectContaining({ field: 'approvedCents' })] });
  });

  it('lets the OEM reject with a reason', () => {
    claim
      .given(opened, determined(), submitted, shipped, received)
      .when({ action: 'reject', actor: oem, data: { reason: 'part not at fault' } })
      .then({
        type: 'WarrantyClaimRejected',
        toState: 'rejected',
        context: { rejectionReason: 'part not at fault' },
      });
  });

  it('refuses OEM decisions before the old parts arrive', () => {
    claim
      .given(opened, determined(), submitted)
      .when({ action: 'approve', actor: oem, data: { approvedCents: 1 } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('keeps dealer and regional scope', () => {
    claim
      .given(opened)
      .when({
        action: 'determine-quality',
        actor: actorAs('claims_clerk', { dealerId: OTHER_DEALER }),
        data: { qualityProblem: true },
      })
      .thenThrows(TransitionNotAllowedError);
    claim
      .given(opened, determined(), submitted, shipped)
      .when({ action: 'receive-old-parts', actor: actorAs('oem_claims', { regionId: OTHER_REGION }) })
      .thenThrows(TransitionNotAllowedError);
    claim
      .given(opened, determined(), submitted, shipped)
      .when({ action: 'receive-old-parts', actor: actorAs('oem_claims') })
      .then({ type: 'WarrantyClaimOldPartsReceived' });
  });

  it('never lets the dealer decide the OEM steps', () => {
    expect(claim.given(opened, determined(), submitted, shipped).allowedActionsFor(clerk)).toEqual([]);
    expect(claim.given(opened, determined(), submitted, shipped).allowedActionsFor(oem)).toEqual([
      'receive-old-parts',
    ]);
  });
});
