import { describe, expect, it } from '@jest/globals';
import {
  RefusedByRuleError,
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
import { readPriceLists } from '../price-lists.loader.js';
import { shippedPolicies } from '../shipped-policies.tool.js';
import { createWarrantyClaimWorkflowV4 } from './warranty-claim.workflow.js';

const claim = specify(
  createWarrantyClaimWorkflowV4(shippedPolicies(), readPriceLists('workflows/warranty-claim/price-lists')),
);
const clerk = actorAs('claims_clerk');
const oem = nationalActorAs('oem_claims');
const director = actorAs('service_director');
/** The dealer's claims clerk who is also OEM claims staff of the dealer's region. */
const twoHats = actorAs('claims_clerk', { id: 'zhou.two-hats', roles: ['claims_clerk', 'oem_claims'] });

/** Serviced 2026-03-02 09:00 UTC in region R01: price list oem-prices@1, 150.00 per standard hour. */
const opening = {
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 },
  repairOrderId: 'RO-2026-0302-05',
  fault: { system: 'transmission', description: 'harsh 2-3 shift', partClass: 'base' },
  labour: [{ operationCode: 'TR-VB-01', claimedCents: 60_000 }],
  parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1, claimedCents: 240_000 }],
  laborCents: 60_000,
  partsCents: 240_000,
  serviceCompletedAt: '2026-03-02T09:00:00.000Z',
};
const pricing = {
  priceListVersion: 'oem-prices@1',
  currency: 'CNY',
  labourRateCents: 15_000,
  lines: [
    {
      line: 'labour.0',
      code: 'TR-VB-01',
      quantity: 4,
      unitCents: 15_000,
      pricedCents: 60_000,
      claimedCents: 60_000,
    },
    {
      line: 'parts.0',
      code: '0AM-325-065',
      quantity: 1,
      unitCents: 240_000,
      pricedCents: 240_000,
      claimedCents: 240_000,
    },
  ],
  labourCents: 60_000,
  partsCents: 240_000,
  totalCents: 300_000,
};
const opened: GivenEvent = {
  type: 'WarrantyClaimOpened',
  data: { ...opening, dealerId: DEALER, regionId: REGION, pricing },
  actor: clerk,
};
const eligibility = {
  eligible: true,
  policyVersion: 'cn-three-guarantees@2021+oem-seed-warranty@1',
  coverage: [{ kind: 'free_repair', ruleId: 'SB-REP-01' }],
  reasons: [],
  flags: [],
};
const determined: GivenEvent = {
  type: 'WarrantyClaimQualityDetermined',
  data: { qualityProblem: true, notes: 'valve body', eligibility },
  actor: clerk,
};
const submitted: GivenEvent = {
  type: 'WarrantyClaimSubmitted',
  actor: clerk,
  at: '2026-03-05T09:00:00.000Z',
};
const shipped: GivenEvent = {
  type: 'WarrantyClaimOldPartsShipped',
  data: { waybill: 'SF1', tags: [{ partNo: '0AM-325-065', tag: 'WT-1' }] },
  actor: clerk,
};
const received: GivenEvent = { type: 'WarrantyClaimOldPartsReceived', actor: oem };
const inspected: GivenEvent = {
  type: 'WarrantyClaimOldPartsInspected',
  data: { partCausedFailure: true, findings: 'worn', disposition: 'scrap' },
  actor: oem,
};
const approved: GivenEvent = { type: 'WarrantyClaimApproved', data: { approvedCents: 300_000 }, actor: oem };
const paid: GivenEvent = { type: 'WarrantyClaimPaid', data: { reference: 'W-1' }, actor: oem };

// Seed 002: 「长安福特收到旧件并确认是零件原因引起的故障后,按系统设定的价格赔付给经销商」.
describe('warranty claim v4: every claim is priced from the OEM price list (seed 002 「按系统设定的价格赔付」)', () => {
  it('given a new claim, when the clerk opens it line by line, then the priced lines and the list version are recorded', () => {
    claim
      .given()
      .when({ action: 'create', actor: clerk, data: opening })
      .then({
        type: 'WarrantyClaimOpened',
        toState: 'awaiting_quality_determination',
        data: { pricing },
        context: { systemPriceCents: 300_000, pricing: { priceListVersion: 'oem-prices@1' } },
      });
  });

  it('prices a service completed from 2026-07-01 on with list version 2 (effective date), at its region rate', () => {
    const decision = claim
      .given()
      .when({
        action: 'create',
        actor: clerk,
        data: {
          ...opening,
          parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1, claimedCents: 228_000 }],
          partsCents: 228_000,
          serviceCompletedAt: '2026-07-02T09:00:00.000Z',
        },
        at: '2026-07-02T10:00:00.000Z',
      })
      .then({ type: 'WarrantyClaimOpened' });
    expect(decision.data.pricing).toMatchObject({
      priceListVersion: 'oem-prices@2',
      labourRateCents: 16_000,
      labourCents: 64_000,
      partsCents: 228_000,
      totalCents: 292_000,
    });
  });

  it('refuses a labour line claimed above the list, naming the line (422)', () => {
    claim
      .given()
      .when({
        action: 'create',
        actor: clerk,
        data: {
          ...opening,
          labour: [{ operationCode: 'TR-VB-01', claimedCents: 60_001 }],
          laborCents: 60_001,
        },
      })
      .thenThrows(RefusedByRuleError, {
        errors: [
          expect.objectContaining({ field: 'labour.0.claimedCents', code: 'above_list_price', max: 60_000 }),
        ],
      });
  });

  it('refuses a part line claimed above the list, naming the line and the part', () => {
    const refusal = claim
      .given()
      .when({
        action: 'create',
        actor: clerk,
        data: {
          ...opening,
          parts: [
            { partNo: '0AM-325-065', class: 'base', quantity: 1, claimedCents: 240_000 },
            { partNo: '1K0-698-151', class: 'wear', quantity: 2, claimedCents: 90_000 },
          ],
          partsCents: 330_000,
        },
      })
      .thenThrows(RefusedByRuleError);
    expect(refusal.errors).toEqual([
      expect.objectContaining({ field: 'parts.1.claimedCents', code: 'above_list_price', max: 84_000 }),
    ]);
    expect(refusal.errors[0]!.reason).toContain('1K0-698-151');
  });

  it('refuses an operation or a part the list does not know, naming it', () => {
    const refusal = claim
      .given()
      .when({
        action: 'create',
        actor: clerk,
        data: {
          ...opening,
          labour: [{ operationCode: 'XX-99', claimedCents: 60_000 }],
          parts: [{ partNo: 'NOPE-1', class: 'base', quantity: 1, claimedCents: 240_000 }],
        },
      })
      .thenThrows(RefusedByRuleError);
    expect(refusal.errors.map((error) => [error.field, error.code])).toEqual([
      ['labour.0.operationCode', 'not_on_price_list'],
      ['parts.0.partNo', 'not_on_price_list'],
    ]);
    expect(refusal.errors.map((error) => error.reason).join(' ')).toMatch(/XX-99.*NOPE-1/);
  });

  it('refuses as bad input (400) a claim without labour lines, a part line without its amount, or totals that are not the lines', () => {
    const { labour: _labour, ...noLabour } = opening;
    claim
      .given()
      .when({ action: 'create', actor: clerk, data: noLabour })
      .thenThrows(ValidationFailedError, {
        errors: [expect.objectContaining({ field: 'labour', code: 'required' })],
      });
    claim
      .given()
      .when({
        action: 'create',
        actor: clerk,
        data: { ...opening, parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1 }] },
      })
      .thenThrows(ValidationFailedError, {
        errors: [expect.objectContaining({ field: 'parts.0.claimedCents' })],
      });
    claim
      .given()
      .when({ action: 'create', actor: clerk, data: { ...opening, laborCents: 1 } })
      .thenThrows(ValidationFailedError, { errors: [expect.objectContaining({ field: 'laborCents' })] });
  });

  it('caps approval at the priced amount, naming the list version', () => {
    const given = claim.given(opened, determined, submitted, shipped, received, inspected);
    given
      .when({ action: 'approve', actor: oem, data: { approvedCents: 300_001 } })
      .thenThrows(ValidationFailedError, {
        errors: [expect.objectContaining({ field: 'approvedCents', code: 'above_list_price', max: 300_000 })],
      });
    given
      .when({ action: 'approve', actor: oem, data: { approvedCents: 300_000 } })
      .then({ type: 'WarrantyClaimApproved', toState: 'approved' });
  });
});

const wholeVehicle = {
  grounds: ['major_failure_within_24h'],
  deliveredAt: '2026-03-01T10:00:00+08:00',
  majorFailureAt: '2026-03-02T09:59:59+08:00',
  accidentHistory: false,
};
const determine = (request: Record<string, unknown>) => ({
  action: 'determine-quality',
  actor: clerk,
  data: { qualityProblem: true, notes: 'gearbox seized on the first day', wholeVehicle: request },
});

// Seed 001: 「1、申请整车索赔条件 (1)车辆故障由重大产品质量缺陷引起,且故障无法完全排除。(2)…车辆的修复不能达到国家相关
// 技术标准。(3)用户提车不超过24小时,即发生重大故障。 2、不能索赔整车的条件 …(3)车辆发生过交通事故。」
describe('warranty claim v4: whole-vehicle claims (整车索赔, seed 001)', () => {
  it('(3) 「用户提车不超过24小时,即发生重大故障」: a failure 23:59:59 after delivery grants it, on its own path', () => {
    claim
      .given(opened)
      .when(determine(wholeVehicle))
      .then({
        type: 'WarrantyClaimQualityDetermined',
        toState: 'awaiting_whole_vehicle_decision',
        data: {
          wholeVehicleResult: { grounds: ['major_failure_within_24h'], hoursAfterDelivery: 86_399 / 3600 },
        },
        context: { assignedRole: 'oem_claims' },
      });
  });

  it('(3) counts hours, not calendar days: a failure on the next calendar day but 24 h 1 s later is refused', () => {
    claim
      .given(opened)
      .when(determine({ ...wholeVehicle, majorFailureAt: '2026-03-02T10:00:01+08:00' }))
      .thenThrows(RefusedByRuleError, {
        errors: [
          expect.objectContaining({
            field: 'wholeVehicle.majorFailureAt',
            code: 'whole_vehicle_condition',
            max: 24,
          }),
        ],
      });
  });

  it('(1) 「故障无法完全排除」 and (2) 「修复不能达到国家相关技术标准」 need 「重大产品质量缺陷」', () => {
    claim
      .given(opened)
      .when(
        determine({
          grounds: ['fault_not_eliminable', 'repair_below_national_standard'],
          majorQualityDefect: true,
          accidentHistory: false,
        }),
      )
      .then({ type: 'WarrantyClaimQualityDetermined', toState: 'awaiting_whole_vehicle_decision' });
    claim
      .given(opened)
      .when(
        determine({ grounds: ['fault_not_eliminable'], majorQualityDefect: false, accidentHistory: false }),
      )
      .thenThrows(RefusedByRuleError, {
        errors: [expect.objectContaining({ field: 'wholeVehicle.majorQualityDefect' })],
      });
  });

  it('「车辆发生过交通事故」 excludes a vehicle that has ever had an accident, whatever the ground', () => {
    claim
      .given(opened)
      .when(determine({ ...wholeVehicle, accidentHistory: true }))
      .thenThrows(RefusedByRuleError, {
        errors: [
          expect.objectContaining({ field: 'wholeVehicle.accidentHistory', code: 'whole_vehicle_excluded' }),
        ],
      });
  });

  it('「车辆行驶超过质量担保期」 excludes a vehicle out of warranty', () => {
    const old: GivenEvent = {
      ...opened,
      data: {
        ...opened.data,
        vehicle: { ...opening.vehicle, invoiceDate: '2019-01-15', mileageKm: 160_000 },
      },
    };
    claim
      .given(old)
      .when(determine({ ...wholeVehicle }))
      .thenThrows(RefusedByRuleError, {
        errors: [expect.objectContaining({ field: 'vehicle', code: 'whole_vehicle_excluded' })],
      });
  });

  it('refuses as bad input a 24-hour ground without its times, or a failure before delivery', () => {
    claim
      .given(opened)
      .when(determine({ grounds: ['major_failure_within_24h'], accidentHistory: false }))
      .thenThrows(ValidationFailedError, {
        errors: [
          expect.objectContaining({ field: 'wholeVehicle.deliveredAt' }),
          expect.objectContaining({ field: 'wholeVehicle.majorFailureAt' }),
        ],
      });
    claim
      .given(opened)
      .when(determine({ ...wholeVehicle, majorFailureAt: '2026-03-01T09:00:00+08:00' }))
      .thenThrows(ValidationFailedError, {
        errors: [expect.objectContaining({ field: 'wholeVehicle.majorFailureAt' })],
      });
  });

  it('a whole-vehicle result does not go through the labour + parts claim: only the OEM decides it', () => {
    const given = claim.given(opened, {
      ...determined,
      data: {
        ...determined.data,
        wholeVehicleResult: { grounds: ['major_failure_within_24h'], hoursAfterDelivery: 20 },
      },
    });
    expect(given.stateName).toBe('awaiting_whole_vehicle_decision');
    expect(given.allowedActionsFor(clerk)).toEqual([]);
    expect(given.allowedActionsFor(oem)).toEqual(['reject', 'approve-whole-vehicle']);
    given
      .when({ action: 'submit', actor: clerk })
      .thenThrows(TransitionNotAllowedError, { state: 'awaiting_whole_vehicle_decision' });
    given
      .when({
        action: 'approve-whole-vehicle',
        actor: oem,
        data: { remedy: 'replacement', notes: 'replace the vehicle' },
      })
      .then({
        type: 'WarrantyClaimWholeVehicleApproved',
        toState: 'whole_vehicle_approved',
        context: {
          wholeVehicleDecision: { remedy: 'replacement', notes: 'replace the vehicle' },
          assignedRole: null,
        },
      });
  });
});

// Seed 002: 「长安福特再按经销商的维修内容回访客户,主要回访内容包括服务的满意度、服务的便利性、服务的礼貌热情、是否付费等几项」.
describe('warranty claim v4: a customer who paid for a warranty repair is followed up by the OEM (seed 002 「是否付费」)', () => {
  const callback = (customerPaid: boolean) => ({
    action: 'record-callback',
    actor: oem,
    data: { satisfaction: 'dissatisfied', customerPaid },
  });

  it('given a paid claim, when the callback says customerPaid=true, then the OEM follow-up is open', () => {
    claim
      .given(opened, determined, submitted, shipped, received, inspected, approved, paid)
      .when(callback(true))
      .then({
        type: 'WarrantyClaimCallbackRecorded',
        toState: 'customer_paid_follow_up',
        context: { assignedRole: 'oem_claims' },
      });
  });

  it('customerPaid=false closes the claim as in v2', () => {
    claim
      .given(opened, determined, submitted, shipped, received, inspected, approved, paid)
      .when(callback(false))
      .then({ type: 'WarrantyClaimCallbackRecorded', toState: 'closed' });
  });

  it('the follow-up records its outcome and closes the claim; a missed follow-up is marked breached', () => {
    const given = claim.given(opened, determined, submitted, shipped, received, inspected, approved, paid, {
      type: 'WarrantyClaimCallbackRecorded',
      data: { satisfaction: 'dissatisfied', customerPaid: true },
      actor: oem,
    });
    expect(given.allowedActionsFor(oem)).toEqual(['follow-up-customer-paid']);
    given
      .when({
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'customer-paid-follow-up', dueAt: '2026-03-20T00:00:00.000Z' },
      })
      .then({
        type: 'WarrantyClaimDeadlineBreached',
        toState: 'customer_paid_follow_up',
        context: { customerPaidFollowUpMissed: true },
      });
    given
      .when({
        action: 'follow-up-customer-paid',
        actor: oem,
        data: { paymentResolution: 'refunded_to_customer', notes: 'dealer refunded 200' },
      })
      .then({
        type: 'WarrantyClaimCustomerPaidFollowedUp',
        toState: 'closed',
        context: {
          customerPaidFollowUp: { paymentResolution: 'refunded_to_customer', notes: 'dealer refunded 200' },
        },
      });
  });
});

// Seed 003: 「优惠索赔…敏感客户车辆在超过质量担保期发生的由于质量问题导致的车辆故障,汽车生产企业承担车辆的维修费用」.
describe('warranty claim v4: a not-eligible preferential candidate offers the preferential claim (seed 003)', () => {
  const outOfWarranty: GivenEvent = {
    ...opened,
    data: {
      ...opened.data,
      vehicle: { ...opening.vehicle, invoiceDate: '2019-01-15', mileageKm: 160_000 },
      customerSensitivity: ['vip'],
    },
  };

  /** What the policies record for such a claim: no warranty coverage, only the preferential candidate. */
  const candidateFound: GivenEvent = {
    type: 'WarrantyClaimQualityDetermined',
    data: {
      qualityProblem: true,
      notes: 'valve body',
      eligibility: {
        eligible: true,
        policyVersion: 'cn-three-guarantees@2021+oem-seed-warranty@1',
        coverage: [{ kind: 'preferential_claim_candidate', ruleId: 'PREF-01' }],
        reasons: [],
        flags: [],
      },
    },
    actor: clerk,
  };

  it('given a sensitive customer out of warranty, when quality is determined, then it ends not eligible with the candidate', () => {
    claim
      .given(outOfWarranty)
      .when({
        action: 'determine-quality',
        actor: clerk,
        data: { qualityProblem: true, notes: 'valve body' },
      })
      .then({
        type: 'WarrantyClaimQualityDetermined',
        toState: 'not_eligible',
        data: {
          eligibility: { coverage: [expect.objectContaining({ kind: 'preferential_claim_candidate' })] },
        },
      });
  });

  it('offers the service director open-preferential-claim once; the link is recorded', () => {
    const candidate = claim.given(outOfWarranty, candidateFound);
    expect(candidate.stateName).toBe('not_eligible');
    expect(candidate.allowedActionsFor(director)).toEqual(['open-preferential-claim']);
    expect(candidate.allowedActionsFor(actorAs('service_director', { dealerId: 'D002' }))).toEqual([]);
    const preferentialClaimId = '6f1c2b1e-1111-4a1b-9c1d-000000000001';
    candidate
      .when({ action: 'open-preferential-claim', actor: director, data: { preferentialClaimId } })
      .then({
        type: 'WarrantyClaimPreferentialClaimOpened',
        toState: 'not_eligible',
        context: { preferentialClaimId },
      });
    const linked = claim.given(outOfWarranty, candidateFound, {
      type: 'WarrantyClaimPreferentialClaimOpened',
      data: { preferentialClaimId },
      actor: director,
    });
    expect(linked.allowedActionsFor(director)).toEqual([]);
  });

  it('a not-eligible claim without the candidate offers nothing', () => {
    const given = claim.given(opened, {
      ...determined,
      data: { qualityProblem: false, notes: 'misuse', eligibility: null },
    });
    expect(given.stateName).toBe('not_eligible');
    expect(given.allowedActionsFor(director)).toEqual([]);
  });
});

// Issue #22 「segregation of duties by person」, kept from v3: whoever acted for the dealer never acts for the OEM.
describe("warranty claim v4: the person who acted for the dealer never takes the OEM's steps on the claim", () => {
  const by = (event: GivenEvent, actor: typeof clerk): GivenEvent => ({ ...event, actor });
  /** The whole dealer side taken by one person holding both roles. */
  const filedByTwoHats = [opened, determined, submitted, shipped].map((event) => by(event, twoHats));

  it.each([
    ['receive-old-parts', [], {}],
    ['inspect-old-parts', [received], { partCausedFailure: true, findings: 'x', disposition: 'scrap' }],
    ['approve', [received, inspected], { approvedCents: 300_000 }],
    ['reject', [received, inspected], { reason: 'x' }],
    ['pay', [received, inspected, approved], { reference: 'W-1' }],
  ] as const)('given a claim the clerk filed, they may not %s it as OEM claims', (action, after, data) => {
    const given = claim.given(...filedByTwoHats, ...after);
    expect(given.allowedActionsFor(twoHats)).toEqual([]);
    given.when({ action, actor: twoHats, data }).thenThrows(TransitionNotAllowedError);
  });

  it('given a claim the clerk filed, OEM claims staff who never acted for the dealer approve it', () => {
    claim
      .given(...filedByTwoHats, received, inspected)
      .when({ action: 'approve', actor: oem, data: { approvedCents: 300_000 } })
      .then({ type: 'WarrantyClaimApproved', toState: 'approved', context: { dealerSide: [twoHats.id] } });
  });

  it('given the customer paid, the clerk who filed may not follow it up; OEM claims staff do', () => {
    const given = claim.given(...filedByTwoHats, received, inspected, approved, paid, {
      type: 'WarrantyClaimCallbackRecorded',
      data: { satisfaction: 'dissatisfied', customerPaid: true },
      actor: oem,
    });
    const followUp = { paymentResolution: 'dealer_charged_back', notes: 'charged for a warranty part' };
    expect(given.allowedActionsFor(twoHats)).toEqual([]);
    given
      .when({ action: 'follow-up-customer-paid', actor: twoHats, data: followUp })
      .thenThrows(TransitionNotAllowedError);
    given
      .when({ action: 'follow-up-customer-paid', actor: oem, data: followUp })
      .then({ type: 'WarrantyClaimCustomerPaidFollowedUp', toState: 'closed' });
  });

  it('given a whole-vehicle claim the clerk asked for, they may neither approve nor reject it', () => {
    const wholeVehicleAsked: GivenEvent = {
      ...determined,
      data: {
        ...determined.data,
        wholeVehicleResult: { grounds: ['major_failure_within_24h'], hoursAfterDelivery: 23 },
      },
      actor: twoHats,
    };
    const given = claim.given(by(opened, twoHats), wholeVehicleAsked);
    expect(given.stateName).toBe('awaiting_whole_vehicle_decision');
    expect(given.allowedActionsFor(twoHats)).toEqual([]);
    given
      .when({ action: 'approve-whole-vehicle', actor: twoHats, data: { remedy: 'replacement', notes: 'x' } })
      .thenThrows(TransitionNotAllowedError);
    given
      .when({ action: 'reject', actor: twoHats, data: { reason: 'x' } })
      .thenThrows(TransitionNotAllowedError);
    expect(given.allowedActionsFor(oem)).toEqual(['reject', 'approve-whole-vehicle']);
  });

  it('one who only opened the claim is kept from the OEM side too', () => {
    claim
      .given(by(opened, twoHats), determined, submitted, shipped)
      .when({ action: 'receive-old-parts', actor: twoHats })
      .thenThrows(TransitionNotAllowedError);
  });
});
