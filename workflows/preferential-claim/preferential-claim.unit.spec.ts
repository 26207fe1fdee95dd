import { describe, expect, it } from '@jest/globals';
import {
  ForbiddenError,
  TransitionNotAllowedError,
  ValidationFailedError,
  type Actor,
} from '../../libs/kernel/index.js';
import {
  actorAs,
  DEALER,
  nationalActorAs,
  OTHER_REGION,
  REGION,
  specify,
  type GivenEvent,
} from '../../libs/testing/index.js';
import { preferentialClaimWorkflowV1 } from './preferential-claim.workflow.js';

const claim = specify(preferentialClaimWorkflowV1);
const director = actorAs('service_director');
const fsr = actorAs('field_service_rep');
const ftm = actorAs('field_technical_manager');
const auditor = nationalActorAs('technical_auditor');
const claims = nationalActorAs('oem_claims');

const request = {
  customerSensitivity: ['media'],
  vehicle: { vin: 'LSVAU2180N2183294', mileageKm: 131_000 },
  faultDescription: 'gearbox fails at 131,000 km, out of warranty',
  cause: 'quality_defect',
  dealerId: DEALER,
  regionId: REGION,
};
const opened: GivenEvent = { type: 'PreferentialClaimOpened', data: request, actor: director };
const verified: GivenEvent = {
  type: 'PreferentialClaimVehicleVerified',
  data: { findings: 'valve body worn' },
  actor: fsr,
};
const quality = (qualityProblem: boolean): GivenEvent => ({
  type: 'PreferentialClaimQualityDecided',
  data: { qualityProblem, notes: 'n' },
  actor: ftm,
});
const filled: GivenEvent = {
  type: 'PreferentialClaimFormFilled',
  data: { amountCents: 800_000 },
  actor: director,
};
const signedBy = (actor: Actor): GivenEvent => ({ type: 'PreferentialClaimSigned', data: {}, actor });
const audited = (passed: boolean): GivenEvent => ({
  type: 'PreferentialClaimAudited',
  data: { passed, notes: 'n' },
  actor: auditor,
});
const processed: GivenEvent = { type: 'PreferentialClaimProcessed', data: {}, actor: claims };
const notified: GivenEvent = { type: 'PreferentialClaimResultNotified', data: {}, actor: ftm };
const toSignatures = [opened, verified, quality(true), filled];

describe('preferential claim v1', () => {
  it('opens a claim for a sensitive customer; the FSR verifies next', () => {
    claim
      .given()
      .when({ action: 'create', actor: director, data: request })
      .then({
        type: 'PreferentialClaimOpened',
        toState: 'awaiting_vehicle_verification',
        context: { assignedRole: 'field_service_rep', applicantId: director.id },
      });
  });

  it('refuses a natural-disaster cause with the reason', () => {
    claim
      .given()
      .when({ action: 'create', actor: director, data: { ...request, cause: 'natural_disaster' } })
      .thenThrows(ValidationFailedError, {
        errors: [
          {
            field: 'cause',
            reason:
              'damage from a natural disaster is never eligible for a preferential claim: the OEM does not fund it, and the dealer handles the complaint',
            code: 'not_eligible',
          },
        ],
      });
  });

  it('refuses a customer who is not sensitive', () => {
    claim
      .given()
      .when({ action: 'create', actor: director, data: { ...request, customerSensitivity: [] } })
      .thenThrows(ValidationFailedError);
  });

  it('refuses a claim opened by anyone but a service director', () => {
    claim
      .given()
      .when({ action: 'create', actor: actorAs('claims_clerk'), data: request })
      .thenThrows(ForbiddenError);
  });

  it('walks the chain step by step with the right role each time', () => {
    claim
      .given(opened)
      .when({ action: 'verify-vehicle', actor: fsr, data: { findings: 'x' } })
      .then({ type: 'PreferentialClaimVehicleVerified', toState: 'awaiting_quality_decision' });
    claim
      .given(opened, verified)
      .when({ action: 'confirm-quality-problem', actor: ftm, data: { qualityProblem: true } })
      .then({
        type: 'PreferentialClaimQualityDecided',
        toState: 'awaiting_form',
        context: { assignedRole: 'service_director' },
      });
    claim
      .given(opened, verified, quality(true))
      .when({ action: 'fill-form', actor: director, data: { amountCents: 800_000 } })
      .then({ type: 'PreferentialClaimFormFilled', toState: 'awaiting_signatures' });
    claim
      .given(...toSignatures)
      .when({ action: 'sign', actor: fsr })
      .then({
        type: 'PreferentialClaimSigned',
        toState: 'awaiting_signatures',
        context: { assignedRole: 'field_technical_manager' },
      });
    claim
      .given(...toSignatures, signedBy(fsr))
      .when({ action: 'sign', actor: ftm })
      .then({ type: 'PreferentialClaimSigned', toState: 'awaiting_audit' });
    claim
      .given(...toSignatures, signedBy(ftm), signedBy(fsr))
      .when({ action: 'audit', actor: auditor, data: { passed: true } })
      .then({ type: 'PreferentialClaimAudited', toState: 'awaiting_processing' });
    claim
      .given(...toSignatures, signedBy(ftm), signedBy(fsr), audited(true))
      .when({ action: 'process', actor: claims })
      .then({ type: 'PreferentialClaimProcessed', toState: 'awaiting_result_notification' });
    claim
      .given(...toSignatures, signedBy(ftm), signedBy(fsr), audited(true), processed)
      .when({ action: 'notify-result', actor: ftm })
      .then({ type: 'PreferentialClaimResultNotified', toState: 'awaiting_settlement' });
    claim
      .given(...toSignatures, signedBy(ftm), signedBy(fsr), audited(true), processed, notified)
      .when({ action: 'settle', actor: claims, data: { paidAmountCents: 800_000, reference: 'CL-9' } })
      .then({ type: 'PreferentialClaimSettled', toState: 'settled', context: { paidAmountCents: 800_000 } });
  });

  it('ends a claim the FTM finds is not a quality problem', () => {
    claim
      .given(opened, verified)
      .when({ action: 'confirm-quality-problem', actor: ftm, data: { qualityProblem: false, notes: 'wear' } })
      .then({
        type: 'PreferentialClaimQualityDecided',
        toState: 'rejected',
        context: { qualityProblem: false, assignedRole: null },
      });
  });

  it('ends a claim that fails the technical audit', () => {
    claim
      .given(...toSignatures, signedBy(ftm), signedBy(fsr))
      .when({ action: 'audit', actor: auditor, data: { passed: false } })
      .then({ type: 'PreferentialClaimAudited', toState: 'rejected' });
  });

  it('lets each signer sign only once, in either order', () => {
    claim
      .given(...toSignatures, signedBy(fsr))
      .when({ action: 'sign', actor: fsr })
      .thenThrows(TransitionNotAllowedError);
    claim
      .given(...toSignatures, signedBy(ftm))
      .when({ action: 'sign', actor: fsr })
      .then({ type: 'PreferentialClaimSigned', toState: 'awaiting_audit' });
  });

  it('never lets one person holding both roles sign twice', () => {
    const both: Actor = {
      id: 'wu.both',
      roles: ['field_service_rep', 'field_technical_manager'],
      regionId: REGION,
    };
    claim
      .given(...toSignatures, signedBy(both))
      .when({ action: 'sign', actor: both })
      .thenThrows(TransitionNotAllowedError);
  });

  it('never lets the applicant sign', () => {
    const applicant: Actor = { ...director, roles: ['service_director', 'field_service_rep'] };
    claim
      .given({ ...opened, actor: applicant }, verified, quality(true), { ...filled, actor: applicant })
      .when({ action: 'sign', actor: applicant })
      .thenThrows(TransitionNotAllowedError);
  });

  it('keeps regional field staff to their region', () => {
    claim
      .given(opened)
      .when({ action: 'verify-vehicle', actor: actorAs('field_service_rep', { regionId: OTHER_REGION }) })
      .thenThrows(TransitionNotAllowedError);
  });

  it.each([
    ['the FSR at verification', [opened], fsr],
    ['the FTM at the quality decision', [opened, verified], ftm],
    ['a signer who has not signed', [...toSignatures, signedBy(fsr)], ftm],
    ['the technical auditor', [...toSignatures, signedBy(ftm), signedBy(fsr)], auditor],
    ['OEM claims at processing', [...toSignatures, signedBy(ftm), signedBy(fsr), audited(true)], claims],
  ] as [string, GivenEvent[], Actor][])('lets %s reject on their turn', (_who, given, actor) => {
    claim
      .given(...given)
      .when({ action: 'reject', actor, data: { reason: 'not eligible' } })
      .then({ type: 'PreferentialClaimRejected', toState: 'rejected' });
  });

  it('refuses a rejection out of turn', () => {
    claim
      .given(opened)
      .when({ action: 'reject', actor: auditor, data: { reason: 'x' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('settles at most the form amount', () => {
    claim
      .given(...toSignatures, signedBy(ftm), signedBy(fsr), audited(true), processed, notified)
      .when({ action: 'settle', actor: claims, data: { paidAmountCents: 800_001, reference: 'x' } })
      .thenThrows(ValidationFailedError);
  });

  it('shows whose turn it is', () => {
    const atSignatures = claim.given(...toSignatures);
    expect(atSignatures.allowedActionsFor(fsr)).toEqual(['sign', 'reject']);
    expect(atSignatures.allowedActionsFor(ftm)).toEqual(['sign', 'reject']);
    expect(atSignatures.allowedActionsFor(director)).toEqual([]);
  });
});
