import { describe, expect, it } from '@jest/globals';
import { SYSTEM_ACTOR, TransitionNotAllowedError } from '../../../libs/kernel/index.js';
import { actorAs, DEALER, REGION, specify, type GivenEvent } from '../../../libs/testing/index.js';
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

  it('is version 2 with the same actions as v1 (the commands and their schemas are unchanged)', () => {
    const policies = shippedPolicies();
    const v2 = createWarrantyClaimWorkflowV2(policies);
    expect(v2.version).toBe(2);
    expect(Object.keys(v2.actions)).toEqual(Object.keys(createWarrantyClaimWorkflowV1(policies).actions));
  });
});
