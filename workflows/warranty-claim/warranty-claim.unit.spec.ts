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
import { shippedPolicies } from './shipped-policies.tool.js';
import { createWarrantyClaimWorkflowV1 } from './warranty-claim.workflow.js';

const claim = specify(createWarrantyClaimWorkflowV1(shippedPolicies()));
const clerk = actorAs('claims_clerk');
const otherDealersClerk = actorAs('claims_clerk', { dealerId: OTHER_DEALER });
const oem = nationalActorAs('oem_claims');
const regionalOem = actorAs('oem_claims');
const otherRegionOem = actorAs('oem_claims', { regionId: OTHER_REGION });

/** Serviced 2026-03-02 09:00 UTC, the specs' default time; a private car invoiced 2025-09-01. */
const opening = {
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 },
  repairOrderId: 'RO-2026-0302-05',
  fault: { system: 'transmission', description: 'harsh 2-3 shift', partClass: 'base' },
  parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1 }],
  laborCents: 60_000,
  partsCents: 240_000,
  serviceCompletedAt: '2026-03-02T09:00:00.000Z',
};
const openedWith = (changes: Record<string, unknown> = {}): GivenEvent => ({
  type: 'WarrantyClaimOpened',
  data: { ...opening, ...changes, dealerId: DEALER, regionId: REGION },
  actor: clerk,
});
const opened = openedWith();
const determined: GivenEvent = {
  type: 'WarrantyClaimQualityDetermined',
  data: {
    qualityProblem: true,
    notes: 'valve body',
    eligibility: {
      eligible: true,
      policyVersion: 'cn-three-guarantees@2021+oem-seed-warranty@1',
      coverage: [{ kind: 'free_repair', ruleId: 'SB-REP-01' }],
      reasons: [],
      flags: [],
    },
  },
  actor: clerk,
};
const breached: GivenEvent = {
  type: 'WarrantyClaimDeadlineBreached',
  data: { kind: 'filing', dueAt: '2026-03-12T09:00:00.000Z' },
  actor: SYSTEM_ACTOR,
  at: '2026-03-12T09:00:30.000Z',
};
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
const rejected: GivenEvent = { type: 'WarrantyClaimRejected', data: { reason: 'impact damage' }, actor: oem };
const called: GivenEvent = {
  type: 'WarrantyClaimCallbackRecorded',
  data: { satisfaction: 'satisfied', customerPaid: false },
  actor: oem,
};
const quality = { qualityProblem: true, notes: 'valve body worn' };

describe('warranty claim v1: opening', () => {
  it('lets the claims clerk open a claim for their dealer, priced at labour + parts', () => {
    claim
      .given()
      .when({ action: 'create', actor: clerk, data: opening })
      .then({
        type: 'WarrantyClaimOpened',
        toState: 'awaiting_quality_determination',
        data: { dealerId: DEALER, regionId: REGION },
        context: { systemPriceCents: 300_000, assignedRole: 'claims_clerk', dealerId: DEALER },
      });
  });

  it.each([
    ['a service advisor', actorAs('service_advisor')],
    ['the OEM', oem],
    ['a clerk without a dealer', nationalActorAs('claims_clerk')],
  ])('refuses a claim opened by %s', (_who, actor) => {
    claim.given().when({ action: 'create', actor, data: opening }).thenThrows(ForbiddenError);
  });

  it('refuses a service completed in the future', () => {
    claim
      .given()
      .when({
        action: 'create',
        actor: clerk,
        data: { ...opening, serviceCompletedAt: '2026-03-02T09:00:01.000Z' },
      })
      .thenThrows(ValidationFailedError, {
        errors: [expect.objectContaining({ field: 'serviceCompletedAt' })],
      });
  });

  it('refuses a fault reported after the service', () => {
    claim
      .given()
      .when({ action: 'create', actor: clerk, data: { ...opening, faultReportedAt: '2026-03-03' } })
      .thenThrows(ValidationFailedError, {
        errors: [{ field: 'faultReportedAt', reason: 'must not be after the day of serviceCompletedAt' }],
      });
  });
});

describe('warranty claim v1: quality determination and eligibility', () => {
  it('records the eligibility decision, its policy version and the day it judged', () => {
    const decision = claim
      .given(opened)
      .when({ action: 'determine-quality', actor: clerk, data: quality })
      .then({
        type: 'WarrantyClaimQualityDetermined',
        toState: 'awaiting_submission',
        data: { eligibilityAt: '2026-03-02T09:00:00.000Z' },
        context: { qualityProblem: true, assignedRole: 'claims_clerk' },
      });
    expect(decision.data.eligibility).toMatchObject({
      eligible: true,
      policyVersion: 'cn-three-guarantees@2021+oem-seed-warranty@1',
      coverage: expect.arrayContaining([
        expect.objectContaining({ kind: 'free_repair', ruleId: 'SB-REP-01' }),
      ]),
    });
  });

  it('judges on the determination day: a car whose 3 years ended the day before is out', () => {
    claim
      .given(openedWith({ vehicle: { ...opening.vehicle, invoiceDate: '2023-03-01' } }))
      .when({ action: 'determine-quality', actor: clerk, data: quality })
      .then({
        type: 'WarrantyClaimQualityDetermined',
        toState: 'not_eligible',
        context: { assignedRole: null },
      });
  });

  it('judges on the day the fault was reported, when the clerk gave it', () => {
    claim
      .given(
        openedWith({
          vehicle: { ...opening.vehicle, invoiceDate: '2023-03-01' },
          faultReportedAt: '2026-02-27',
        }),
      )
      .when({ action: 'determine-quality', actor: clerk, data: quality })
      .then({
        type: 'WarrantyClaimQualityDetermined',
        toState: 'awaiting_submission',
        data: { eligibilityAt: '2026-02-27', eligibility: { eligible: true } },
      });
  });

  it('ends a claim that is not a quality problem, without judging eligibility', () => {
    claim
      .given(opened)
      .when({ action: 'determine-quality', actor: clerk, data: { qualityProblem: false, notes: 'misuse' } })
      .then({
        type: 'WarrantyClaimQualityDetermined',
        toState: 'not_eligible',
        data: { eligibility: null },
        context: { qualityProblem: false, eligibility: null, assignedRole: null },
      });
  });

  it('ends a claim outside every warranty', () => {
    claim
      .given(openedWith({ vehicle: { ...opening.vehicle, invoiceDate: '2019-01-01', mileageKm: 180_000 } }))
      .when({ action: 'determine-quality', actor: clerk, data: quality })
      .then({
        type: 'WarrantyClaimQualityDetermined',
        toState: 'not_eligible',
        context: { eligibility: { eligible: false } },
      });
  });

  it('ends a claim whose cause every policy excludes', () => {
    claim
      .given(openedWith({ exclusions: ['accident'] }))
      .when({ action: 'determine-quality', actor: clerk, data: quality })
      .then({ type: 'WarrantyClaimQualityDetermined', toState: 'not_eligible' });
  });

  it('files a part under its own 12-month warranty on an old car', () => {
    const decision = claim
      .given(
        openedWith({
          vehicle: { ...opening.vehicle, invoiceDate: '2019-01-01', mileageKm: 150_000 },
          parts: [
            {
              partNo: '0AM-325-065',
              class: 'base',
              quantity: 1,
              installedAt: '2025-09-01',
              boughtAtAuthorizedDealer: true,
            },
          ],
        }),
      )
      .when({ action: 'determine-quality', actor: clerk, data: quality })
      .then({ type: 'WarrantyClaimQualityDetermined', toState: 'awaiting_submission' });
    expect(decision.data.eligibility).toMatchObject({
      coverage: [{ kind: 'part_warranty', ruleId: 'OEM-PARTS', from: '2025-09-01', until: '2026-09-01' }],
    });
  });

  it.each([
    ["another dealer's clerk", otherDealersClerk],
    ['the OEM', oem],
  ])('refuses a determination by %s', (_who, actor) => {
    claim
      .given(opened)
      .when({ action: 'determine-quality', actor, data: quality })
      .thenThrows(TransitionNotAllowedError);
  });
});

describe('warranty claim v1: filing within 10 days of the service (seed 002)', () => {
  it('files on the 10th day to the second', () => {
    claim
      .given(opened, determined)
      .when({ action: 'submit', actor: clerk, at: '2026-03-12T09:00:00.000Z' })
      .then({
        type: 'WarrantyClaimSubmitted',
        toState: 'submitted',
        context: { submittedAt: '2026-03-12T09:00:00.000Z' },
      });
  });

  it('refuses a filing one second late, with the reason', () => {
    claim
      .given(opened, determined)
      .when({ action: 'submit', actor: clerk, at: '2026-03-12T09:00:01.000Z' })
      .thenThrows(ValidationFailedError, {
        errors: [
          {
            field: 'serviceCompletedAt',
            reason:
              'the claim is filed 11 days after the service was completed (2026-03-02T09:00:00.000Z); the OEM accepts warranty claims only within 10 days of the service',
            code: 'deadline_passed',
            max: 10,
          },
        ],
      });
  });

  it('honours a filing period set by configuration', () => {
    specify(createWarrantyClaimWorkflowV1(shippedPolicies(), 3))
      .given(opened, determined)
      .when({ action: 'submit', actor: clerk, at: '2026-03-05T09:00:01.000Z' })
      .thenThrows(ValidationFailedError);
  });

  it('records the missed deadline from the SLA sweeper and marks the claim late', () => {
    claim
      .given(opened, determined)
      .when({
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'filing', dueAt: '2026-03-12T09:00:00.000Z' },
        at: '2026-03-12T09:00:30.000Z',
      })
      .then({
        type: 'WarrantyClaimDeadlineBreached',
        toState: 'awaiting_submission',
        context: { filingDeadlineMissed: true, filingDueAt: '2026-03-12T09:00:00.000Z' },
      });
  });

  it('records a breach before the quality determination too', () => {
    claim
      .given(opened)
      .when({ action: 'record-breach', actor: SYSTEM_ACTOR, data: { kind: 'filing', dueAt: 'x' } })
      .then({ type: 'WarrantyClaimDeadlineBreached', toState: 'awaiting_quality_determination' });
  });

  it('refuses a late claim after the breach; only withdrawing is left', () => {
    claim
      .given(opened, determined, breached)
      .when({ action: 'submit', actor: clerk, at: '2026-03-13T09:00:00.000Z' })
      .thenThrows(ValidationFailedError);
    claim
      .given(opened, determined, breached)
      .when({
        action: 'withdraw',
        actor: clerk,
        data: { reason: 'filed too late' },
        at: '2026-03-13T09:00:00.000Z',
      })
      .then({
        type: 'WarrantyClaimWithdrawn',
        toState: 'withdrawn',
        context: { withdrawalReason: 'filed too late', filingDeadlineMissed: true, assignedRole: null },
      });
  });

  it('takes breaches from the engine only, and only of the filing deadline', () => {
    claim
      .given(opened, determined)
      .when({ action: 'record-breach', actor: clerk, data: { kind: 'filing', dueAt: 'x' } })
      .thenThrows(TransitionNotAllowedError);
    claim
      .given(opened, determined)
      .when({ action: 'record-breach', actor: SYSTEM_ACTOR, data: { kind: 'feedback', dueAt: 'x' } })
      .thenThrows(ValidationFailedError, { errors: [expect.objectContaining({ field: 'kind' })] });
  });

  it('takes no breach once the claim is filed', () => {
    claim
      .given(opened, determined, submitted)
      .when({ action: 'record-breach', actor: SYSTEM_ACTOR, data: { kind: 'filing', dueAt: 'x' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('cannot file before the quality determination, or file twice', () => {
    claim.given(opened).when({ action: 'submit', actor: clerk }).thenThrows(TransitionNotAllowedError);
    claim
      .given(opened, determined, submitted)
      .when({ action: 'submit', actor: clerk })
      .thenThrows(TransitionNotAllowedError);
  });

  it("refuses another dealer's clerk", () => {
    claim
      .given(opened, determined)
      .when({ action: 'submit', actor: otherDealersClerk })
      .thenThrows(TransitionNotAllowedError);
  });

  it('lets the clerk withdraw before the determination, not after filing', () => {
    claim
      .given(opened)
      .when({ action: 'withdraw', actor: clerk, data: { reason: 'duplicate' } })
      .then({ type: 'WarrantyClaimWithdrawn', toState: 'withdrawn' });
    claim
      .given(opened, determined, submitted)
      .when({ action: 'withdraw', actor: clerk, data: { reason: 'x' } })
      .thenThrows(TransitionNotAllowedError);
  });
});

describe('warranty claim v1: old parts, OEM decision, payment and callback', () => {
  it('ships the old parts and hands the claim to the OEM', () => {
    claim
      .given(opened, determined, submitted)
      .when({ action: 'ship-old-parts', actor: clerk, data: { waybill: 'SF123' } })
      .then({
        type: 'WarrantyClaimOldPartsShipped',
        toState: 'old_parts_shipped',
        context: { waybill: 'SF123', assignedRole: 'oem_claims' },
      });
  });

  it('lets only the dealer ship', () => {
    claim
      .given(opened, determined, submitted)
      .when({ action: 'ship-old-parts', actor: oem, data: { waybill: 'SF123' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it.each([
    ['national OEM claims staff', oem],
    ['OEM claims staff of the dealer’s region', regionalOem],
  ])('lets %s receive the old parts', (_who, actor) => {
    claim
      .given(opened, determined, submitted, shipped)
      .when({ action: 'receive-old-parts', actor, at: '2026-03-09T02:00:00.000Z' })
      .then({
        type: 'WarrantyClaimOldPartsReceived',
        toState: 'awaiting_decision',
        context: { oldPartsReceivedAt: '2026-03-09T02:00:00.000Z' },
      });
  });

  it.each([
    ['OEM claims staff of another region', otherRegionOem],
    ['the dealer', clerk],
  ])('refuses %s receiving the old parts', (_who, actor) => {
    claim
      .given(opened, determined, submitted, shipped)
      .when({ action: 'receive-old-parts', actor })
      .thenThrows(TransitionNotAllowedError);
  });

  it('approves exactly the system price', () => {
    claim
      .given(opened, determined, submitted, shipped, received)
      .when({ action: 'approve', actor: oem, data: { approvedCents: 300_000 } })
      .then({ type: 'WarrantyClaimApproved', toState: 'approved', context: { approvedCents: 300_000 } });
  });

  it('approves at most the system price', () => {
    claim
      .given(opened, determined, submitted, shipped, received)
      .when({ action: 'approve', actor: oem, data: { approvedCents: 300_001 } })
      .thenThrows(ValidationFailedError, {
        errors: [
          {
            field: 'approvedCents',
            reason: 'must not exceed the system price 300000 (labour 60000 + parts 240000)',
          },
        ],
      });
  });

  it('lets the OEM reject with a reason, which ends the claim', () => {
    claim
      .given(opened, determined, submitted, shipped, received)
      .when({ action: 'reject', actor: oem, data: { reason: 'old part shows impact damage' } })
      .then({
        type: 'WarrantyClaimRejected',
        toState: 'rejected',
        context: { rejectionReason: 'old part shows impact damage', assignedRole: null },
      });
  });

  it('refuses OEM decisions before the old parts arrive', () => {
    claim
      .given(opened, determined, submitted, shipped)
      .when({ action: 'approve', actor: oem, data: { approvedCents: 1 } })
      .thenThrows(TransitionNotAllowedError);
    claim
      .given(opened, determined, submitted, shipped)
      .when({ action: 'reject', actor: oem, data: { reason: 'r' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('never lets the dealer decide for the OEM', () => {
    claim
      .given(opened, determined, submitted, shipped, received)
      .when({ action: 'approve', actor: clerk, data: { approvedCents: 1 } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('pays an approved claim', () => {
    claim
      .given(opened, determined, submitted, shipped, received, approved)
      .when({ action: 'pay', actor: oem, data: { reference: 'W-9' } })
      .then({ type: 'WarrantyClaimPaid', toState: 'paid', context: { paymentReference: 'W-9' } });
    claim
      .given(opened, determined, submitted, shipped, received, approved)
      .when({ action: 'pay', actor: otherRegionOem, data: { reference: 'W-9' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('closes with the customer callback', () => {
    claim
      .given(opened, determined, submitted, shipped, received, approved, paid)
      .when({
        action: 'record-callback',
        actor: oem,
        data: { satisfaction: 'satisfied', courtesy: 'polite', customerPaid: false },
        at: '2026-03-20T03:00:00.000Z',
      })
      .then({
        type: 'WarrantyClaimCallbackRecorded',
        toState: 'closed',
        context: {
          callback: {
            satisfaction: 'satisfied',
            courtesy: 'polite',
            convenience: null,
            customerPaid: false,
            at: '2026-03-20T03:00:00.000Z',
          },
          assignedRole: null,
        },
      });
  });
});

describe('warranty claim v1: who may do what in each state', () => {
  const row = (
    state: string,
    given: readonly GivenEvent[],
    forClerk: readonly string[],
    forOem: readonly string[],
    forEngine: readonly string[] = [],
  ) => ({ state, given, forClerk, forOem, forEngine });
  it.each([
    row('awaiting_quality_determination', [opened], ['determine-quality', 'withdraw'], [], ['record-breach']),
    row('awaiting_submission', [opened, determined], ['submit', 'withdraw'], [], ['record-breach']),
    row('submitted', [opened, determined, submitted], ['ship-old-parts'], []),
    row('old_parts_shipped', [opened, determined, submitted, shipped], [], ['receive-old-parts']),
    row('awaiting_decision', [opened, determined, submitted, shipped, received], [], ['approve', 'reject']),
    row('approved', [opened, determined, submitted, shipped, received, approved], [], ['pay']),
    row('paid', [opened, determined, submitted, shipped, received, approved, paid], [], ['record-callback']),
    row('rejected', [opened, determined, submitted, shipped, received, rejected], [], []),
    row('closed', [opened, determined, submitted, shipped, received, approved, paid, called], [], []),
    row(
      'not_eligible',
      [opened, { ...determined, data: { qualityProblem: false, notes: 'n', eligibility: null } }],
      [],
      [],
    ),
    row(
      'withdrawn',
      [opened, { type: 'WarrantyClaimWithdrawn', data: { reason: 'r' }, actor: clerk }],
      [],
      [],
    ),
  ])(
    '$state: the clerk may $forClerk, the OEM $forOem, the engine $forEngine; nobody else anything',
    (expected) => {
      const spec = claim.given(...expected.given);
      expect(spec.stateName).toBe(expected.state);
      expect(spec.allowedActionsFor(clerk)).toEqual(expected.forClerk);
      expect(spec.allowedActionsFor(oem)).toEqual(expected.forOem);
      expect(spec.allowedActionsFor(regionalOem)).toEqual(expected.forOem);
      expect(spec.allowedActionsFor(SYSTEM_ACTOR)).toEqual(expected.forEngine);
      expect(spec.allowedActionsFor(otherDealersClerk)).toEqual([]);
      expect(spec.allowedActionsFor(otherRegionOem)).toEqual([]);
      expect(spec.allowedActionsFor(actorAs('service_manager'))).toEqual([]);
    },
  );
});
