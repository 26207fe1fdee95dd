import { describe, expect, it } from '@jest/globals';
import {
  SYSTEM_ACTOR,
  TransitionNotAllowedError,
  ValidationFailedError,
} from '../../../libs/kernel/index.js';
import {
  actorAs,
  DEALER,
  nationalActorAs,
  REGION,
  specify,
  type GivenEvent,
} from '../../../libs/testing/index.js';
import { shippedPolicies } from '../shipped-policies.tool.js';
import { createWarrantyClaimWorkflowV1 } from '../warranty-claim.workflow.js';
import { createWarrantyClaimWorkflowV2 } from './warranty-claim.workflow.js';

const claim = specify(createWarrantyClaimWorkflowV2(shippedPolicies()));
const clerk = actorAs('claims_clerk');

/** Serviced 2026-03-02 09:00 UTC: the filing window closes at 2026-03-12 09:00 UTC. */
const opened: GivenEvent = {
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
  actor: clerk,
};
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
const lastSecond = '2026-03-12T09:00:00.000Z';
const oneSecondLate = '2026-03-12T09:00:01.000Z';

// Seed 002: 「经销商索赔员在给客户提供服务后的0到10日内向长安福特提交索赔申请」.
describe('warranty claim v2: submit is offered only inside the 10-day filing window (seed 002)', () => {
  it('offers and accepts submit on the 10th day to the second', () => {
    const given = claim.given(opened, determined);
    expect(given.allowedActionsFor(clerk, lastSecond)).toEqual(['submit', 'withdraw']);
    given
      .when({ action: 'submit', actor: clerk, at: lastSecond })
      .then({ type: 'WarrantyClaimSubmitted', toState: 'submitted', context: { submittedAt: lastSecond } });
  });

  it('no longer offers submit one second after the window closed: only withdraw remains', () => {
    expect(claim.given(opened, determined).allowedActionsFor(clerk, oneSecondLate)).toEqual(['withdraw']);
  });

  it('refuses a late submit as an action not allowed now, naming what is', () => {
    claim
      .given(opened, determined)
      .when({ action: 'submit', actor: clerk, at: oneSecondLate })
      .thenThrows(TransitionNotAllowedError, {
        action: 'submit',
        state: 'awaiting_submission',
        allowedActions: ['withdraw'],
      });
  });

  it('after the SLA breach, offers only withdraw, and withdrawal ends the claim', () => {
    const given = claim.given(opened, determined, breached);
    expect(given.context).toMatchObject({ filingDeadlineMissed: true });
    expect(given.allowedActionsFor(clerk, '2026-03-13T09:00:00.000Z')).toEqual(['withdraw']);
    given
      .when({
        action: 'withdraw',
        actor: clerk,
        data: { reason: 'filed too late' },
        at: '2026-03-13T09:00:00.000Z',
      })
      .then({ type: 'WarrantyClaimWithdrawn', toState: 'withdrawn' });
  });

  it('a claim determined after the window closed reaches awaiting_submission with only withdraw', () => {
    const given = claim.given(opened, { ...determined, at: '2026-03-14T09:00:00.000Z' });
    expect(given.stateName).toBe('awaiting_submission');
    expect(given.allowedActionsFor(clerk, '2026-03-14T09:00:00.000Z')).toEqual(['withdraw']);
  });

  it("is version 2 with v1's actions and one more, the OEM's inspection of the old parts", () => {
    const policies = shippedPolicies();
    const v2 = createWarrantyClaimWorkflowV2(policies);
    expect(v2.version).toBe(2);
    expect(Object.keys(v2.actions).sort()).toEqual(
      [...Object.keys(createWarrantyClaimWorkflowV1(policies).actions), 'inspect-old-parts'].sort(),
    );
  });
});

const oem = nationalActorAs('oem_claims');
const submitted: GivenEvent = { type: 'WarrantyClaimSubmitted', data: {}, actor: clerk, at: lastSecond };
const shipped: GivenEvent = {
  type: 'WarrantyClaimOldPartsShipped',
  data: { waybill: 'SF123', tags: [{ partNo: '0AM-325-065', tag: 'WT-118' }] },
  actor: clerk,
};
const received: GivenEvent = { type: 'WarrantyClaimOldPartsReceived', data: {}, actor: oem };
const inspectedAs = (partCausedFailure: boolean): GivenEvent => ({
  type: 'WarrantyClaimOldPartsInspected',
  data: { partCausedFailure, findings: 'valve body worn', disposition: 'return_to_supplier' },
  actor: oem,
});
const returnMissed: GivenEvent = {
  type: 'WarrantyClaimDeadlineBreached',
  data: { kind: 'old-parts-return', dueAt: '2026-04-11T09:00:00.000Z' },
  actor: SYSTEM_ACTOR,
};

// Seed 002: 「故障配件(即旧件)换下后,定期返还给长安福特索赔中心的旧件回收处用作分析研究」 and
// 「长安福特收到旧件并确认是零件原因引起的故障后,按系统设定的价格赔付给经销商」.
describe('warranty claim v2: old parts are tagged, returned on a clock and inspected before approval (seed 002)', () => {
  it('ships the old parts with one tag per claimed part', () => {
    claim
      .given(opened, determined, submitted)
      .when({ action: 'ship-old-parts', actor: clerk, data: shipped.data })
      .then({
        type: 'WarrantyClaimOldPartsShipped',
        toState: 'old_parts_shipped',
        context: { oldPartTags: [{ partNo: '0AM-325-065', tag: 'WT-118' }] },
      });
  });

  it('refuses a shipment with a claimed part untagged, or a tag for a part not claimed', () => {
    claim
      .given(opened, determined, submitted)
      .when({
        action: 'ship-old-parts',
        actor: clerk,
        data: { waybill: 'SF123', tags: [{ partNo: 'X-1', tag: 'WT-1' }] },
      })
      .thenThrows(ValidationFailedError, {
        errors: [
          { field: 'tags', reason: 'the returned part 0AM-325-065 has no tag', code: 'required' },
          { field: 'tags.0.partNo', reason: 'X-1 is not a part of this claim' },
        ],
      });
  });

  it('on receipt waits for the inspection: no approval before it', () => {
    const given = claim.given(opened, determined, submitted, shipped, received);
    expect(given.stateName).toBe('awaiting_inspection');
    expect(given.allowedActionsFor(oem)).toEqual(['inspect-old-parts']);
  });

  it('records the verdict and the disposition; approval follows a part confirmed as the cause', () => {
    claim
      .given(opened, determined, submitted, shipped, received)
      .when({
        action: 'inspect-old-parts',
        actor: oem,
        data: { partCausedFailure: true, findings: 'valve body worn', disposition: 'return_to_supplier' },
      })
      .then({
        type: 'WarrantyClaimOldPartsInspected',
        toState: 'awaiting_decision',
        context: {
          inspection: {
            partCausedFailure: true,
            findings: 'valve body worn',
            disposition: 'return_to_supplier',
          },
        },
      });
    claim
      .given(opened, determined, submitted, shipped, received, inspectedAs(true))
      .when({ action: 'approve', actor: oem, data: { approvedCents: 300_000 } })
      .then({ type: 'WarrantyClaimApproved', toState: 'approved' });
  });

  it('offers only rejection when the inspection found the part did not cause the failure', () => {
    const given = claim.given(opened, determined, submitted, shipped, received, inspectedAs(false));
    expect(given.allowedActionsFor(oem)).toEqual(['reject']);
    given
      .when({ action: 'approve', actor: oem, data: { approvedCents: 1 } })
      .thenThrows(TransitionNotAllowedError, { allowedActions: ['reject'] });
  });

  it('records a missed return and lets the OEM reject instead of waiting forever', () => {
    const given = claim.given(opened, determined, submitted, returnMissed);
    expect(given.context).toMatchObject({ oldPartsReturnMissed: true });
    expect(given.allowedActionsFor(oem)).toEqual(['reject']);
    given.when({ action: 'reject', actor: oem, data: { reason: 'old parts never returned' } }).then({
      type: 'WarrantyClaimRejected',
      toState: 'rejected',
      context: { rejectionReason: 'old parts never returned' },
    });
  });

  it('does not let the OEM reject before the parts are due', () => {
    expect(claim.given(opened, determined, submitted).allowedActionsFor(oem)).toEqual([]);
    expect(claim.given(opened, determined, submitted, shipped).allowedActionsFor(oem)).toEqual([
      'receive-old-parts',
    ]);
  });

  it('accepts the sweeper breach of the return clock and refuses an unknown clock', () => {
    claim
      .given(opened, determined, submitted, shipped)
      .when({ action: 'record-breach', actor: SYSTEM_ACTOR, data: { kind: 'old-parts-return', dueAt: 'x' } })
      .then({ type: 'WarrantyClaimDeadlineBreached', context: { oldPartsReturnMissed: true } });
    claim
      .given(opened, determined, submitted, shipped)
      .when({ action: 'record-breach', actor: SYSTEM_ACTOR, data: { kind: 'feedback', dueAt: 'x' } })
      .thenThrows(ValidationFailedError);
  });
});
