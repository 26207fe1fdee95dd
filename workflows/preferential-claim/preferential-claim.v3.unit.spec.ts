import { describe, expect, it } from '@jest/globals';
import {
  RefusedByRuleError,
  TransitionNotAllowedError,
  ValidationFailedError,
  type Actor,
} from '../../libs/kernel/index.js';
import { actorAs, REGION, specify, type GivenEvent } from '../../libs/testing/index.js';
import { shippedPolicies } from '../warranty-claim/shipped-policies.tool.js';
import { createPreferentialClaimWorkflowV3 } from './preferential-claim.workflow.js';

const v3 = specify(createPreferentialClaimWorkflowV3(shippedPolicies()));
const director = actorAs('service_director');
const fsr = actorAs('field_service_rep');
const ftm = actorAs('field_technical_manager');
/** The day the claims below are opened. */
const at = '2026-03-02T09:00:00.000Z';

const claimFor = (vehicle: Record<string, unknown>) => ({
  customerSensitivity: ['media'],
  vehicle: { vin: 'LSVAU2180N2183294', ...vehicle },
  faultDescription: 'gearbox fails',
  cause: 'quality_defect',
  regionId: REGION,
});

describe('preferential claim v3: 「敏感客户车辆在超过质量担保期发生的由于质量问题导致的车辆故障」 [003]', () => {
  it('given no claim, when a vehicle bought six months ago with 12,000 km is claimed, then it is refused naming the covering rules', () => {
    const refusal = v3
      .given()
      .when({
        action: 'create',
        actor: director,
        at,
        data: claimFor({ use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 }),
      })
      .thenThrows(RefusedByRuleError);
    expect(refusal.errors.map((error) => [error.field, error.code])).toEqual([
      ['vehicle', 'still_in_warranty'],
      ['vehicle', 'still_in_warranty'],
    ]);
    expect(refusal.message).toContain('rule OEM-PER');
    expect(refusal.message).toContain('rule SB-REP-01');
  });

  it('given no claim, when a private car past every period is claimed, then it opens with the eligibility decision recorded', () => {
    v3.given()
      .when({
        action: 'create',
        actor: director,
        at,
        data: claimFor({ use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 }),
      })
      .then({
        type: 'PreferentialClaimOpened',
        toState: 'awaiting_vehicle_verification',
        data: {
          eligibility: {
            policyVersion: 'cn-three-guarantees@2013+oem-seed-warranty@1',
            coverage: [{ kind: 'preferential_claim_candidate', ruleId: 'PREF-01' }],
          },
        },
      });
  });

  it('given no claim, when a taxi within a year but past the OEM 100,000 km is claimed, then it opens: the period is judged by use', () => {
    v3.given()
      .when({
        action: 'create',
        actor: director,
        at,
        data: claimFor({ use: 'taxi', invoiceDate: '2025-09-01', mileageKm: 101_000 }),
      })
      .then({ type: 'PreferentialClaimOpened' });
    v3.given()
      .when({
        action: 'create',
        actor: director,
        at,
        data: claimFor({ use: 'taxi', invoiceDate: '2025-09-01', mileageKm: 99_000 }),
      })
      .thenThrows(RefusedByRuleError);
  });

  it('given the first registration is the period start, when it is later than the invoice, then the OEM period runs from it', () => {
    const vehicle = { use: 'commercial', invoiceDate: '2025-01-10', mileageKm: 30_000 };
    v3.given()
      .when({ action: 'create', actor: director, at, data: claimFor(vehicle) })
      .then({ type: 'PreferentialClaimOpened' });
    v3.given()
      .when({
        action: 'create',
        actor: director,
        at,
        data: claimFor({ ...vehicle, registrationDate: '2025-04-01' }),
      })
      .thenThrows(RefusedByRuleError);
  });

  it('given no claim, when the cause is a natural disaster, then the field error is a 400 before any eligibility is judged', () => {
    const refusal = v3
      .given()
      .when({
        action: 'create',
        actor: director,
        at,
        data: {
          ...claimFor({ use: 'private', invoiceDate: '2025-09-01', mileageKm: 1 }),
          cause: 'natural_disaster',
        },
      })
      .thenThrows(ValidationFailedError);
    expect(refusal).not.toBeInstanceOf(RefusedByRuleError);
  });
});

describe("preferential claim v3: the FSR's 「可办理」 decision is a step of its own [003]", () => {
  // 「现场技术经理鉴定是否属于质量问题，尽快将鉴定结果反馈给现场服务代表」,
  // 「对于可办理优惠索赔的车辆，现场服务代表通知经销商的服务总监填写《优惠索赔审批表》」
  const opened: GivenEvent = {
    type: 'PreferentialClaimOpened',
    data: {
      ...claimFor({ use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 }),
      dealerId: director.dealerId,
    },
    actor: director,
  };
  const verified: GivenEvent = {
    type: 'PreferentialClaimVehicleVerified',
    data: { findings: 'valve body worn' },
    actor: fsr,
  };
  const verdictBy = (actor: Actor): GivenEvent => ({
    type: 'PreferentialClaimQualityDecided',
    data: { qualityProblem: true, notes: 'material defect' },
    actor,
  });
  const afterVerdict = [opened, verified, verdictBy(ftm)];

  it('given the FTM found a quality problem, then the claim waits for the FSR, not for the form', () => {
    const given = v3.given(...afterVerdict);
    expect(given.stateName).toBe('awaiting_claimability_decision');
    expect(given.context).toMatchObject({ assignedRole: 'field_service_rep' });
    expect(given.allowedActionsFor(fsr)).toEqual(['confirm-claimable', 'reject']);
    expect(given.allowedActionsFor(director)).toEqual([]);
    given
      .when({ action: 'fill-form', actor: director, data: { amountCents: 1 } })
      .thenThrows(TransitionNotAllowedError);
  });

  it("given the FTM's verdict, when the FSR finds it claimable, then the service director is asked to fill the form", () => {
    v3.given(...afterVerdict)
      .when({ action: 'confirm-claimable', actor: fsr, data: { claimable: true, notes: 'media' } })
      .then({
        type: 'PreferentialClaimClaimabilityDecided',
        toState: 'awaiting_form',
        context: { claimable: true, claimabilityDecidedBy: fsr.id, assignedRole: 'service_director' },
      });
  });

  it("given the FTM's verdict, when the FSR finds it not claimable, then the claim ends rejected", () => {
    v3.given(...afterVerdict)
      .when({ action: 'confirm-claimable', actor: fsr, data: { claimable: false } })
      .then({
        type: 'PreferentialClaimClaimabilityDecided',
        toState: 'rejected',
        context: { assignedRole: null },
      });
  });

  it("given the FTM's verdict, then the FTM may not decide claimability, nor a person who gave the verdict as FTM", () => {
    const both: Actor = {
      id: 'wu.both',
      roles: ['field_service_rep', 'field_technical_manager'],
      regionId: REGION,
    };
    v3.given(...afterVerdict)
      .when({ action: 'confirm-claimable', actor: ftm, data: { claimable: true } })
      .thenThrows(TransitionNotAllowedError);
    v3.given(opened, verified, verdictBy(both))
      .when({ action: 'confirm-claimable', actor: both, data: { claimable: true } })
      .thenThrows(TransitionNotAllowedError);
  });
});
