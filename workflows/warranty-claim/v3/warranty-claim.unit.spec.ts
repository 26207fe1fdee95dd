import { describe, expect, it } from '@jest/globals';
import { SYSTEM_ACTOR, TransitionNotAllowedError } from '../../../libs/kernel/index.js';
import {
  actorAs,
  DEALER,
  nationalActorAs,
  REGION,
  specify,
  type GivenEvent,
} from '../../../libs/testing/index.js';
import { shippedPolicies } from '../shipped-policies.tool.js';
import { createWarrantyClaimWorkflowV2 } from '../v2/warranty-claim.workflow.js';
import { createWarrantyClaimWorkflowV3 } from './warranty-claim.workflow.js';

/*
 * v3 is v2 (its specs: ../v2/warranty-claim.unit.spec.ts; its paths: the goldens under v3/golden/, recorded
 * from v2's scenarios) with segregation of duties by person (#22): whoever acted for the dealer on a claim
 * never takes the OEM's steps on it, whatever roles their token carries.
 */
const v2 = specify(createWarrantyClaimWorkflowV2(shippedPolicies()));
const v3 = specify(createWarrantyClaimWorkflowV3(shippedPolicies()));
const clerk = actorAs('claims_clerk');
const oem = nationalActorAs('oem_claims');
/** The dealer's claims clerk who is also OEM claims staff of the dealer's region. */
const twoHats = actorAs('claims_clerk', { id: 'zhou.two-hats', roles: ['claims_clerk', 'oem_claims'] });

const openedBy = (actor: typeof clerk): GivenEvent => ({
  type: 'WarrantyClaimOpened',
  data: {
    vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 },
    repairOrderId: 'RO-2026-0302-05',
    fault: { system: 'transmission', description: 'harsh 2-3 shift', partClass: 'base' },
    parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1 }],
    laborCents: 60_000,
    partsCents: 240_000,
    serviceCompletedAt: '2026-03-02T09:00:00.000Z',
    dealerId: DEALER,
    regionId: REGION,
  },
  actor,
});
const determinedBy = (actor: typeof clerk): GivenEvent => ({
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
  actor,
});
const submittedBy = (actor: typeof clerk): GivenEvent => ({
  type: 'WarrantyClaimSubmitted',
  data: {},
  actor,
  at: '2026-03-05T09:00:00.000Z',
});
const shippedBy = (actor: typeof clerk): GivenEvent => ({
  type: 'WarrantyClaimOldPartsShipped',
  data: { waybill: 'SF123', tags: [{ partNo: '0AM-325-065', tag: 'WT-118' }] },
  actor,
});
const received: GivenEvent = { type: 'WarrantyClaimOldPartsReceived', data: {}, actor: oem };
const inspected: GivenEvent = {
  type: 'WarrantyClaimOldPartsInspected',
  data: { partCausedFailure: true, findings: 'valve body worn', disposition: 'return_to_supplier' },
  actor: oem,
};
/** The whole dealer side taken by one person. */
const filedBy = (actor: typeof clerk): GivenEvent[] => [
  openedBy(actor),
  determinedBy(actor),
  submittedBy(actor),
  shippedBy(actor),
];

describe('warranty claim v3: the person who acted for the dealer never acts for the OEM on the claim', () => {
  it('given v2, the clerk holding oem_claims receives, inspects and approves their own claim', () => {
    v2.given(...filedBy(twoHats), received, inspected)
      .when({ action: 'approve', actor: twoHats, data: { approvedCents: 300_000 } })
      .then({ type: 'WarrantyClaimApproved', toState: 'approved' });
  });

  it.each([
    ['receive-old-parts', [], {}],
    ['inspect-old-parts', [received], { partCausedFailure: true, findings: 'x', disposition: 'scrap' }],
    ['approve', [received, inspected], { approvedCents: 300_000 }],
    ['reject', [received, inspected], { reason: 'x' }],
  ] as const)('given v3, they may not %s it, whatever roles they hold', (action, after, data) => {
    const given = v3.given(...filedBy(twoHats), ...after);
    expect(given.allowedActionsFor(twoHats)).toEqual([]);
    given.when({ action, actor: twoHats, data }).thenThrows(TransitionNotAllowedError);
  });

  it('given v3, one who only opened the claim is kept from the OEM side too', () => {
    v3.given(openedBy(twoHats), determinedBy(clerk), submittedBy(clerk), shippedBy(clerk))
      .when({ action: 'receive-old-parts', actor: twoHats })
      .thenThrows(TransitionNotAllowedError);
  });

  it('given v3, the old parts not returned in time, they may not reject it either', () => {
    const missed: GivenEvent = {
      type: 'WarrantyClaimDeadlineBreached',
      data: { kind: 'old-parts-return', dueAt: '2026-04-04T09:00:00.000Z' },
      actor: SYSTEM_ACTOR,
    };
    const given = v3.given(...filedBy(twoHats).slice(0, 3), missed);
    given
      .when({ action: 'reject', actor: twoHats, data: { reason: 'x' } })
      .thenThrows(TransitionNotAllowedError);
    given
      .when({ action: 'reject', actor: oem, data: { reason: 'old parts never returned' } })
      .then({ type: 'WarrantyClaimRejected', toState: 'rejected' });
  });

  it("given v3, OEM claims staff who never acted for the dealer take the OEM's steps", () => {
    const given = v3.given(...filedBy(twoHats), received, inspected);
    expect(given.allowedActionsFor(oem)).toEqual(['approve', 'reject']);
    given
      .when({ action: 'approve', actor: oem, data: { approvedCents: 300_000 } })
      .then({ type: 'WarrantyClaimApproved', toState: 'approved', context: { dealerSide: [twoHats.id] } });
  });
});
