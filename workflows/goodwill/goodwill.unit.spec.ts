import { describe, expect, it } from '@jest/globals';
import {
  ForbiddenError,
  TransitionNotAllowedError,
  ValidationFailedError,
  type Actor,
  type Role,
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
import { GOODWILL_SIGNERS } from './events.js';
import { goodwillWorkflowV1 } from './goodwill.workflow.js';

const goodwill = specify(goodwillWorkflowV1);
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

const application = {
  amountCents: 1_500_000,
  currency: 'CNY',
  lossDescription: 'towing and rental car after repeated engine failure',
  waiver: { signedAt: '2026-03-01', documentRef: 'WV-2026-031' },
  emergencyAdvance: true,
  dealerId: DEALER,
  regionId: REGION,
};
const submitted: GivenEvent = { type: 'GoodwillApplicationSubmitted', data: application, actor: director };
const confirmed: GivenEvent = { type: 'GoodwillWaiverConfirmed', data: {}, actor: rep };
const signedBy = (actor: Actor): GivenEvent => ({
  type: 'GoodwillApprovalSigned',
  data: { comment: 'ok' },
  actor,
});
const allSigned = GOODWILL_SIGNERS.map((role) => signedBy(signers[role]!));

describe('goodwill v1: application and waiver', () => {
  it('lets the service director apply; the OEM after-sales rep confirms the waiver next', () => {
    goodwill
      .given()
      .when({ action: 'create', actor: director, data: application })
      .then({
        type: 'GoodwillApplicationSubmitted',
        toState: 'awaiting_waiver_confirmation',
        context: {
          applicantId: director.id,
          emergencyAdvance: true,
          countsTowardRegionalWarrantyCost: false,
          assignedRole: 'oem_aftersales_rep',
        },
      });
  });

  it.each(['customer_service', 'oem_aftersales_rep', 'claims_clerk'] as Role[])(
    'refuses an application by %s',
    (role) => {
      goodwill
        .given()
        .when({ action: 'create', actor: actorAs(role), data: application })
        .thenThrows(ForbiddenError);
    },
  );

  it('confirms the waiver and opens the signatures with the rep', () => {
    goodwill
      .given(submitted)
      .when({ action: 'confirm-waiver', actor: rep })
      .then({
        type: 'GoodwillWaiverConfirmed',
        toState: 'awaiting_signatures',
        context: { nextSigner: 'oem_aftersales_rep', waiverConfirmedBy: rep.id },
      });
  });

  it('refuses a waiver confirmation by a rep of another region', () => {
    goodwill
      .given(submitted)
      .when({ action: 'confirm-waiver', actor: actorAs('oem_aftersales_rep', { regionId: OTHER_REGION }) })
      .thenThrows(TransitionNotAllowedError);
  });

  it('lets a national rep confirm anywhere', () => {
    goodwill
      .given(submitted)
      .when({ action: 'confirm-waiver', actor: nationalActorAs('oem_aftersales_rep') })
      .then({ type: 'GoodwillWaiverConfirmed' });
  });
});

describe('goodwill v1: signatures in order', () => {
  it.each(GOODWILL_SIGNERS.map((role, index) => [role, index] as const))(
    '%s signs at step %i',
    (role, index) => {
      const before = [submitted, confirmed, ...allSigned.slice(0, index)];
      const next = GOODWILL_SIGNERS[index + 1];
      goodwill
        .given(...before)
        .when({ action: 'approve', actor: signers[role]!, data: { comment: 'agreed' } })
        .then({
          type: 'GoodwillApprovalSigned',
          toState: next === undefined ? 'approved' : 'awaiting_signatures',
          context: { step: index + 1, assignedRole: next ?? 'product_liability' },
        });
    },
  );

  it.each(GOODWILL_SIGNERS.slice(1))('refuses %s signing before its turn', (role) => {
    goodwill
      .given(submitted, confirmed)
      .when({ action: 'approve', actor: signers[role]! })
      .thenThrows(TransitionNotAllowedError);
  });

  it('shows only the signer on turn that they may approve, reject or return', () => {
    const given = goodwill.given(submitted, confirmed, signedBy(rep));
    expect(given.allowedActionsFor(rsm)).toEqual(['approve', 'reject', 'return']);
    expect(given.allowedActionsFor(rep)).toEqual([]);
    expect(given.allowedActionsFor(oemGm)).toEqual([]);
    expect(given.allowedActionsFor(director)).toEqual([]);
  });

  it('records every signature with signer, role, time and comment', () => {
    const context = goodwill.given(submitted, confirmed, ...allSigned).context as unknown as {
      signatures: unknown[];
      approvedAmountCents: number;
    };
    expect(context.signatures).toHaveLength(5);
    expect(context.signatures[1]).toEqual({
      role: 'regional_service_manager',
      actorId: rsm.id,
      actorName: rsm.name,
      at: '2026-03-02T09:00:00.000Z',
      comment: 'ok',
    });
    expect(context.approvedAmountCents).toBe(1_500_000);
  });

  it('refuses a regional manager of another region', () => {
    goodwill
      .given(submitted, confirmed, signedBy(rep))
      .when({ action: 'approve', actor: actorAs('regional_service_manager', { regionId: OTHER_REGION }) })
      .thenThrows(TransitionNotAllowedError);
  });
});

describe('goodwill v1: segregation of duties', () => {
  it('never lets one person sign twice, even holding the next role too', () => {
    const both: Actor = {
      id: 'li.both',
      roles: ['oem_aftersales_rep', 'regional_service_manager'],
      regionId: REGION,
    };
    goodwill
      .given(submitted, confirmed, signedBy(both))
      .when({ action: 'approve', actor: both })
      .thenThrows(TransitionNotAllowedError);
  });

  it('never lets the applicant approve, whatever roles they hold', () => {
    const applicantAlsoRep: Actor = { ...director, roles: ['service_director', 'oem_aftersales_rep'] };
    goodwill
      .given({ ...submitted, actor: applicantAlsoRep }, confirmed)
      .when({ action: 'approve', actor: applicantAlsoRep })
      .thenThrows(TransitionNotAllowedError);
  });
});

describe('goodwill v1: reject and return', () => {
  it.each(GOODWILL_SIGNERS.map((role, index) => [role, index] as const))(
    '%s on turn rejects for good',
    (role, index) => {
      goodwill
        .given(submitted, confirmed, ...allSigned.slice(0, index))
        .when({
          action: 'reject',
          actor: signers[role]!,
          data: { reason: 'consequential losses are not covered' },
        })
        .then({
          type: 'GoodwillApplicationRejected',
          toState: 'rejected',
          context: {
            decisions: [{ decision: 'rejected', role, reason: 'consequential losses are not covered' }],
            assignedRole: null,
          },
        });
    },
  );

  it('returns to the dealer, who resubmits; the signatures start again', () => {
    const returned = [
      submitted,
      confirmed,
      signedBy(rep),
      signedBy(rsm),
      { type: 'GoodwillApplicationReturned', data: { reason: 'attach the invoice' }, actor: oemGm },
    ];
    goodwill
      .given(...returned)
      .when({ action: 'resubmit', actor: director, data: { amountCents: 1_200_000 } })
      .then({
        type: 'GoodwillApplicationResubmitted',
        toState: 'awaiting_signatures',
        context: {
          round: 2,
          step: 0,
          signatures: [],
          amountCents: 1_200_000,
          nextSigner: 'oem_aftersales_rep',
        },
      });
  });

  it('lets the same people sign again in a new round', () => {
    const returned = [
      submitted,
      confirmed,
      signedBy(rep),
      { type: 'GoodwillApplicationReturned', data: { reason: 'x' }, actor: rsm },
    ];
    goodwill
      .given(...returned, { type: 'GoodwillApplicationResubmitted', data: {}, actor: director })
      .when({ action: 'approve', actor: rep })
      .then({ type: 'GoodwillApprovalSigned' });
  });

  it('sends a form returned at the waiver back to the waiver confirmation', () => {
    goodwill
      .given(submitted, {
        type: 'GoodwillApplicationReturned',
        data: { reason: 'waiver unsigned' },
        actor: rep,
      })
      .when({ action: 'resubmit', actor: director })
      .then({ type: 'GoodwillApplicationResubmitted', toState: 'awaiting_waiver_confirmation' });
  });

  it('refuses a resubmission by another dealer', () => {
    goodwill
      .given(submitted, confirmed, { type: 'GoodwillApplicationReturned', data: { reason: 'x' }, actor: rep })
      .when({ action: 'resubmit', actor: actorAs('service_director', { dealerId: OTHER_DEALER }) })
      .thenThrows(TransitionNotAllowedError);
  });
});

describe('goodwill v1: after approval', () => {
  const approved = [submitted, confirmed, ...allSigned];
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

  it('product liability notifies regional staff and archives', () => {
    goodwill
      .given(...approved)
      .when({ action: 'notify-regional-staff', actor: liability })
      .then({
        type: 'GoodwillRegionalStaffNotified',
        toState: 'archived',
        context: { assignedRole: 'regional_service_staff' },
      });
  });

  it('regional staff request the material and the dealer submits it', () => {
    goodwill
      .given(...approved, notified)
      .when({ action: 'request-settlement-material', actor: regionalStaff })
      .then({ type: 'GoodwillSettlementMaterialRequested', toState: 'awaiting_settlement_material' });
    goodwill
      .given(...approved, notified, requested)
      .when({
        action: 'submit-settlement-material',
        actor: director,
        data: { documents: ['invoice.pdf', 'judgment.pdf'] },
      })
      .then({
        type: 'GoodwillSettlementMaterialSubmitted',
        toState: 'awaiting_settlement',
        context: { settlementDocuments: ['invoice.pdf', 'judgment.pdf'] },
      });
  });

  it('settles at most the approved amount', () => {
    goodwill
      .given(...approved, notified, requested, material)
      .when({ action: 'settle', actor: liability, data: { paidAmountCents: 1_500_000, reference: 'PAY-1' } })
      .then({
        type: 'GoodwillSettled',
        toState: 'settled',
        context: { paidAmountCents: 1_500_000, paymentReference: 'PAY-1', assignedRole: null },
      });
    goodwill
      .given(...approved, notified, requested, material)
      .when({ action: 'settle', actor: liability, data: { paidAmountCents: 1_500_001, reference: 'PAY-2' } })
      .thenThrows(ValidationFailedError, { errors: [expect.objectContaining({ field: 'paidAmountCents' })] });
  });

  it('refuses settlement by anyone but product liability', () => {
    goodwill
      .given(...approved, notified, requested, material)
      .when({ action: 'settle', actor: regionalStaff, data: { paidAmountCents: 1 } })
      .thenThrows(TransitionNotAllowedError);
  });
});
