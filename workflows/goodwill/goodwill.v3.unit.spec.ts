import { describe, expect, it } from '@jest/globals';
import {
  RefusedByRuleError,
  TransitionNotAllowedError,
  ValidationFailedError,
  type ReferencedCases,
} from '../../libs/kernel/index.js';
import { actorAs, nationalActorAs, REGION, specify, type GivenEvent } from '../../libs/testing/index.js';
import { GOODWILL_SIGNERS } from './events.js';
import { goodwillWorkflowV2 } from './goodwill.workflow.js';
import { goodwillWorkflowV3 } from './v3/goodwill.workflow.js';

const v2 = specify(goodwillWorkflowV2);
const v3 = specify(goodwillWorkflowV3);
const director = actorAs('service_director');
const rep = actorAs('oem_aftersales_rep');
const rsm = actorAs('regional_service_manager');
const oemGm = nationalActorAs('oem_general_manager');
const liability = nationalActorAs('product_liability');
const leadership = nationalActorAs('oem_leadership');
const regionalStaff = actorAs('regional_service_staff');
const signers = [rep, rsm, oemGm, liability, leadership];

/** The engine's clock when the application is made (the only time the workflow knows). */
const NOW = '2026-03-02T09:00:00.000Z';
const COMPLAINT_ID = '0190a8f2-5b7c-7d3e-8f00-0000000000c1';
const major: ReferencedCases = { complaintId: { major: true, state: 'awaiting_resolution' } };
const minor: ReferencedCases = { complaintId: { major: false, state: 'awaiting_resolution' } };

const towing = { kind: 'direct', description: 'towing to the dealer', amountCents: 80_000 };
const rental = { kind: 'direct', description: 'rental car, 5 days', amountCents: 250_000 };
const lostBusiness = {
  kind: 'consequential',
  description: "the customer's lost business",
  amountCents: 900_000,
};
const application = {
  complaintId: COMPLAINT_ID,
  costLines: [towing, rental, lostBusiness],
  lossDescription: 'towing and a rental car after the engine failed twice',
  waiver: { signedAt: '2026-03-01T10:00:00+08:00', documentRef: 'WV-2026-031' },
  emergencyAdvance: {
    paidAt: '2026-03-01T15:00:00+08:00',
    onSiteConfirmation: { confirmedBy: '曹工 (FTM, R01)', confirmedAt: '2026-03-01T09:30:00+08:00' },
  },
};
const apply = (data: Record<string, unknown> = application, referenced: ReferencedCases = major) => ({
  action: 'create',
  actor: director,
  data,
  referenced,
  at: NOW,
});
const submitted: GivenEvent = {
  type: 'GoodwillApplicationSubmitted',
  data: { ...application, dealerId: director.dealerId, regionId: REGION, referencedCases: major },
  actor: director,
};
const confirmed: GivenEvent = { type: 'GoodwillWaiverConfirmed', data: {}, actor: rep };
const signed = signers.map((actor): GivenEvent => ({ type: 'GoodwillApprovalSigned', data: {}, actor }));
const returned: GivenEvent = {
  type: 'GoodwillApplicationReturned',
  data: { reason: 'the rental invoice covers 7 days' },
  actor: rsm,
};

describe('goodwill v3: a major complaint of the dealer (「善意补偿款是汽车生产企业为了处理重大客户投诉而提供的相关费用」)', () => {
  it('given a major complaint of the dealer, when the director applies, then the application records what it saw of it', () => {
    v3.given()
      .when(apply())
      .then({
        type: 'GoodwillApplicationSubmitted',
        toState: 'awaiting_waiver_confirmation',
        data: { referencedCases: major },
        context: { complaintId: COMPLAINT_ID, complaintMajor: true },
      });
  });

  it('given a complaint that is not major, refuses the application with the rule named (422), where v2 took it', () => {
    const error = v3.given().when(apply(application, minor)).thenThrows(RefusedByRuleError);
    expect(error.errors).toEqual([
      expect.objectContaining({ field: 'complaintId', code: 'complaint_not_major' }),
    ]);
    expect(error.errors[0]!.reason).toContain('goodwill-major-complaint');
    v2.given()
      .when({ action: 'create', actor: director, data: { ...application, amountCents: 330_000 } })
      .then({ type: 'GoodwillApplicationSubmitted' });
  });

  it('refuses an application naming no complaint (400 naming complaintId)', () => {
    const { complaintId: _none, ...withoutComplaint } = application;
    const error = v3.given().when(apply(withoutComplaint, {})).thenThrows(ValidationFailedError);
    expect(error).not.toBeInstanceOf(RefusedByRuleError);
    expect(error.errors).toEqual([expect.objectContaining({ field: 'complaintId', code: 'required' })]);
  });

  it('refuses a complaint the engine did not find for the applicant with the one not-found answer (400), before the major rule', () => {
    const notFound = [{ field: 'complaintId', reason: 'must name an existing complaint', code: 'not_found' }];
    const error = v3
      .given()
      .when({ ...apply(application, {}), referenceProblems: notFound })
      .thenThrows(ValidationFailedError);
    expect(error).not.toBeInstanceOf(RefusedByRuleError);
    expect(error.errors).toEqual(notFound);
  });
});

describe('goodwill v3: only direct costs are payable (「赔偿客户损失及诉讼等发生的直接费用,但不包括连带费用」)', () => {
  it('given direct and consequential lines, the amount signed and approved is the sum of the direct lines only', () => {
    v3.given()
      .when(apply())
      .then({
        type: 'GoodwillApplicationSubmitted',
        context: {
          amountCents: 330_000,
          consequentialAmountCents: 900_000,
          costLines: application.costLines,
        },
      });
    expect(v3.given(submitted, confirmed, ...signed).context).toMatchObject({
      approvedAmountCents: 330_000,
      consequentialAmountCents: 900_000,
    });
  });

  it('given an approved application, refuses paying more than the direct costs (the consequential ones are never paid)', () => {
    const settling: GivenEvent[] = [
      submitted,
      confirmed,
      ...signed,
      { type: 'GoodwillRegionalStaffNotified', data: {}, actor: liability },
      { type: 'GoodwillSettlementMaterialRequested', data: {}, actor: regionalStaff },
      { type: 'GoodwillSettlementMaterialSubmitted', data: { documents: ['invoice.pdf'] }, actor: director },
    ];
    const error = v3
      .given(...settling)
      .when({ action: 'settle', actor: liability, data: { paidAmountCents: 330_001, reference: 'PAY-1' } })
      .thenThrows(ValidationFailedError);
    expect(error.errors).toEqual([expect.objectContaining({ field: 'paidAmountCents' })]);
    v3.given(...settling)
      .when({ action: 'settle', actor: liability, data: { paidAmountCents: 330_000, reference: 'PAY-1' } })
      .then({ type: 'GoodwillSettled', toState: 'settled', context: { paidAmountCents: 330_000 } });
  });

  it('given only consequential lines, refuses the application: nothing is payable (422 naming costLines)', () => {
    const error = v3
      .given()
      .when(apply({ ...application, costLines: [lostBusiness] }))
      .thenThrows(RefusedByRuleError);
    expect(error.errors).toEqual([expect.objectContaining({ field: 'costLines', code: 'no_direct_cost' })]);
  });

  it('refuses an amount of its own besides the lines (400 naming amountCents)', () => {
    const error = v3
      .given()
      .when(apply({ ...application, amountCents: 1_500_000 }))
      .thenThrows(ValidationFailedError);
    expect(error).not.toBeInstanceOf(RefusedByRuleError);
    expect(error.errors).toEqual([expect.objectContaining({ field: 'amountCents' })]);
  });

  it('given a returned application, a resubmission with corrected lines sets the payable amount again', () => {
    v3.given(submitted, confirmed, signed[0]!, returned)
      .when({ action: 'resubmit', actor: director, data: { costLines: [towing, lostBusiness] } })
      .then({
        type: 'GoodwillApplicationResubmitted',
        context: { amountCents: 80_000, consequentialAmountCents: 900_000, round: 2 },
      });
    v3.given(submitted, confirmed, signed[0]!, returned)
      .when({ action: 'resubmit', actor: director, data: { costLines: [lostBusiness] } })
      .thenThrows(RefusedByRuleError);
    v3.given(submitted, confirmed, signed[0]!, returned)
      .when({ action: 'resubmit', actor: director, data: { amountCents: 100 } })
      .thenThrows(ValidationFailedError);
  });
});

describe('goodwill v3: the emergency advance (「应急处理时,一般由汽车生产企业的技术团队现场确认后,由经销商第一时间…垫付」)', () => {
  it('given an advance confirmed on site, records who confirmed and when', () => {
    v3.given()
      .when(apply())
      .then({
        type: 'GoodwillApplicationSubmitted',
        context: {
          emergencyAdvance: true,
          advance: {
            paidAt: '2026-03-01T15:00:00+08:00',
            onSiteConfirmation: { confirmedBy: '曹工 (FTM, R01)', confirmedAt: '2026-03-01T09:30:00+08:00' },
          },
        },
      });
  });

  it('given no advance, records none', () => {
    const { emergencyAdvance: _none, ...withoutAdvance } = application;
    v3.given()
      .when(apply(withoutAdvance))
      .then({ type: 'GoodwillApplicationSubmitted', context: { emergencyAdvance: false, advance: null } });
  });

  it('refuses an on-site confirmation after the advance (422 naming the field)', () => {
    const late = {
      ...application,
      emergencyAdvance: {
        ...application.emergencyAdvance,
        onSiteConfirmation: { confirmedBy: '曹工', confirmedAt: '2026-03-01T16:00:00+08:00' },
      },
    };
    const error = v3.given().when(apply(late)).thenThrows(RefusedByRuleError);
    expect(error.errors).toEqual([
      expect.objectContaining({
        field: 'emergencyAdvance.onSiteConfirmation.confirmedAt',
        code: 'confirmed_after_advance',
      }),
    ]);
  });
});

describe('goodwill v3: the waiver before the advance (「经销商在垫付善意补偿款前与客户签订免责协议」)', () => {
  it('refuses a waiver signed after the advance (422 naming waiver.signedAt)', () => {
    const error = v3
      .given()
      .when(apply({ ...application, waiver: { signedAt: '2026-03-01T18:00:00+08:00', documentRef: 'WV-1' } }))
      .thenThrows(RefusedByRuleError);
    expect(error.errors).toEqual([
      expect.objectContaining({ field: 'waiver.signedAt', code: 'waiver_after_advance' }),
    ]);
  });

  it('accepts a waiver dated the day of the advance: a day is not later than an instant of that day', () => {
    v3.given()
      .when(apply({ ...application, waiver: { signedAt: '2026-03-01', documentRef: 'WV-1' } }))
      .then({ type: 'GoodwillApplicationSubmitted' });
  });

  it('refuses a waiver dated after the engine’s clock (400 naming waiver.signedAt), with or without an advance', () => {
    const { emergencyAdvance: _none, ...withoutAdvance } = application;
    for (const signedAt of ['2026-03-03', '2026-03-02T09:00:01Z'])
      for (const data of [application, withoutAdvance]) {
        const error = v3
          .given()
          .when(apply({ ...data, waiver: { signedAt, documentRef: 'WV-1' } }))
          .thenThrows(ValidationFailedError);
        expect(error).not.toBeInstanceOf(RefusedByRuleError);
        expect(error.errors).toEqual([
          expect.objectContaining({ field: 'waiver.signedAt', code: 'in_future' }),
        ]);
      }
  });

  it('refuses an advance or an on-site confirmation dated after the engine’s clock (400 naming the field)', () => {
    const future = {
      ...application,
      emergencyAdvance: {
        paidAt: '2026-03-05',
        onSiteConfirmation: { confirmedBy: '曹工', confirmedAt: '2026-03-04' },
      },
    };
    const error = v3.given().when(apply(future)).thenThrows(ValidationFailedError);
    expect(error.errors.map((problem) => problem.field)).toEqual([
      'emergencyAdvance.paidAt',
      'emergencyAdvance.onSiteConfirmation.confirmedAt',
    ]);
  });
});

describe('goodwill v3 keeps v2’s chain and seats', () => {
  it('walks the signers in order and refuses the applicant an OEM step', () => {
    expect(v3.given(submitted, confirmed, ...signed).stateName).toBe('approved');
    const applicantAsRep = { ...director, roles: [...director.roles, 'oem_aftersales_rep' as const] };
    v3.given({ ...submitted, actor: applicantAsRep })
      .when({ action: 'confirm-waiver', actor: applicantAsRep })
      .thenThrows(TransitionNotAllowedError);
    expect(GOODWILL_SIGNERS).toHaveLength(signed.length);
  });
});
