import { describe, expect, it } from '@jest/globals';
import { TransitionNotAllowedError, type Actor, type Role } from '../../libs/kernel/index.js';
import { actorAs, nationalActorAs, REGION, specify, type GivenEvent } from '../../libs/testing/index.js';
import { GOODWILL_SIGNERS } from './events.js';
import { goodwillWorkflowV1, goodwillWorkflowV2 } from './goodwill.workflow.js';

const v1 = specify(goodwillWorkflowV1);
const v2 = specify(goodwillWorkflowV2);
const director = actorAs('service_director');
const rep = actorAs('oem_aftersales_rep');
const rsm = actorAs('regional_service_manager');
const oemGm = nationalActorAs('oem_general_manager');
const liability = nationalActorAs('product_liability');
const leadership = nationalActorAs('oem_leadership');
const regionalStaff = actorAs('regional_service_staff');
const signers: Record<string, Actor> = {
  oem_aftersales_rep: rep,
  regional_service_manager: rsm,
  oem_general_manager: oemGm,
  product_liability: liability,
  oem_leadership: leadership,
};
/** One person whose token carries several roles. */
const person = (id: string, ...roles: Role[]): Actor => ({ id, roles, regionId: REGION });

const application = {
  amountCents: 1_500_000,
  lossDescription: 'towing and rental car after repeated engine failure',
  waiver: { signedAt: '2026-03-01', documentRef: 'WV-2026-031' },
  dealerId: director.dealerId,
  regionId: REGION,
};
const submittedBy = (actor: Actor): GivenEvent => ({
  type: 'GoodwillApplicationSubmitted',
  data: application,
  actor,
});
const submitted = submittedBy(director);
const confirmedBy = (actor: Actor): GivenEvent => ({ type: 'GoodwillWaiverConfirmed', data: {}, actor });
const signedBy = (actor: Actor): GivenEvent => ({ type: 'GoodwillApprovalSigned', data: {}, actor });
const returnedBy = (actor: Actor): GivenEvent => ({
  type: 'GoodwillApplicationReturned',
  data: { reason: 'attach the invoice' },
  actor,
});
const resubmittedBy = (actor: Actor): GivenEvent => ({
  type: 'GoodwillApplicationResubmitted',
  data: {},
  actor,
});
const allSigned = GOODWILL_SIGNERS.map((role) => signedBy(signers[role]!));

describe('goodwill v2: one person, one seat on the chain', () => {
  it('given an applicant who also holds oem_aftersales_rep, refuses their waiver confirmation (v1 accepted it)', () => {
    const applicant = { ...director, roles: ['service_director', 'oem_aftersales_rep'] as Role[] };
    v1.given(submittedBy(applicant))
      .when({ action: 'confirm-waiver', actor: applicant })
      .then({ type: 'GoodwillWaiverConfirmed' });
    v2.given(submittedBy(applicant))
      .when({ action: 'confirm-waiver', actor: applicant })
      .thenThrows(TransitionNotAllowedError);
    expect(v2.given(submittedBy(applicant)).allowedActionsFor(applicant)).toEqual([]);
  });

  it('given the rep confirmed the waiver, lets the same rep sign first (one role, one seat)', () => {
    v2.given(submitted, confirmedBy(rep))
      .when({ action: 'approve', actor: rep })
      .then({
        type: 'GoodwillApprovalSigned',
        context: {
          seats: [
            { actorId: director.id, role: 'service_director' },
            { actorId: rep.id, role: 'oem_aftersales_rep' },
          ],
        },
      });
  });

  it('given a person confirmed the waiver as rep, refuses their signature as regional manager (v1 accepted it)', () => {
    const both = person('li.both', 'oem_aftersales_rep', 'regional_service_manager');
    const given = [submitted, confirmedBy(both), signedBy(rep)];
    v1.given(...given)
      .when({ action: 'approve', actor: both })
      .then({ type: 'GoodwillApprovalSigned' });
    v2.given(...given)
      .when({ action: 'approve', actor: both })
      .thenThrows(TransitionNotAllowedError);
    for (const action of ['reject', 'return'])
      v2.given(...given)
        .when({ action, actor: both, data: { reason: 'x' } })
        .thenThrows(TransitionNotAllowedError);
  });

  it('given a person signed as rep in an earlier round, refuses them as regional manager in the next (v1 accepted it)', () => {
    const both = person('li.both', 'oem_aftersales_rep', 'regional_service_manager');
    const given = [
      submitted,
      confirmedBy(rep),
      signedBy(both),
      returnedBy(rsm),
      resubmittedBy(director),
      signedBy(rep),
    ];
    v1.given(...given)
      .when({ action: 'approve', actor: both })
      .then({ type: 'GoodwillApprovalSigned' });
    v2.given(...given)
      .when({ action: 'approve', actor: both })
      .thenThrows(TransitionNotAllowedError);
  });

  it('given another service director resubmitted, refuses them in an OEM role afterwards (v1 accepted it)', () => {
    const resubmitter = actorAs('service_director', {
      id: 'zhou.director',
      roles: ['service_director', 'oem_aftersales_rep'],
    });
    const given = [submitted, confirmedBy(rep), returnedBy(rep), resubmittedBy(resubmitter)];
    v1.given(...given)
      .when({ action: 'approve', actor: resubmitter })
      .then({ type: 'GoodwillApprovalSigned' });
    v2.given(...given)
      .when({ action: 'approve', actor: resubmitter })
      .thenThrows(TransitionNotAllowedError);
  });

  it('lets the same people sign again in their own seats in a new round', () => {
    v2.given(submitted, confirmedBy(rep), signedBy(rep), returnedBy(rsm), resubmittedBy(director))
      .when({ action: 'approve', actor: rep })
      .then({ type: 'GoodwillApprovalSigned', context: { round: 2, step: 1 } });
  });

  it('walks the whole chain to settled with one person per role', () => {
    const approved = [submitted, confirmedBy(rep), ...allSigned];
    const notified: GivenEvent = { type: 'GoodwillRegionalStaffNotified', data: {}, actor: liability };
    const requested: GivenEvent = {
      type: 'GoodwillSettlementMaterialRequested',
      data: {},
      actor: regionalStaff,
    };
    const material: GivenEvent = {
      type: 'GoodwillSettlementMaterialSubmitted',
      data: { documents: ['invoice.pdf'] },
      actor: director,
    };
    expect(v2.given(...approved).stateName).toBe('approved');
    v2.given(...approved, notified, requested, material)
      .when({ action: 'settle', actor: liability, data: { paidAmountCents: 1_500_000, reference: 'PAY-1' } })
      .then({ type: 'GoodwillSettled', toState: 'settled' });
  });

  it('given product liability submitted to the leadership, refuses them as regional staff afterwards', () => {
    const plAndStaff = person('xu.both', 'product_liability', 'regional_service_staff');
    const approved = [
      submitted,
      confirmedBy(rep),
      signedBy(rep),
      signedBy(rsm),
      signedBy(oemGm),
      signedBy(plAndStaff),
      signedBy(leadership),
      { type: 'GoodwillRegionalStaffNotified', data: {}, actor: plAndStaff },
    ];
    v2.given(...approved)
      .when({ action: 'request-settlement-material', actor: plAndStaff })
      .thenThrows(TransitionNotAllowedError);
    v2.given(...approved)
      .when({ action: 'request-settlement-material', actor: regionalStaff })
      .then({ type: 'GoodwillSettlementMaterialRequested' });
  });
});
