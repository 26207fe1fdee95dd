import { describe, expect, it } from '@jest/globals';
import { TransitionNotAllowedError, type Actor, type Role } from '../../libs/kernel/index.js';
import { actorAs, nationalActorAs, REGION, specify, type GivenEvent } from '../../libs/testing/index.js';
import { preferentialClaimWorkflowV1, preferentialClaimWorkflowV2 } from './preferential-claim.workflow.js';

const v1 = specify(preferentialClaimWorkflowV1);
const v2 = specify(preferentialClaimWorkflowV2);
const director = actorAs('service_director');
const fsr = actorAs('field_service_rep');
const ftm = actorAs('field_technical_manager');
const auditor = nationalActorAs('technical_auditor');
const claims = nationalActorAs('oem_claims');
/** One person whose token carries several roles. */
const person = (id: string, ...roles: Role[]): Actor => ({ id, roles, regionId: REGION });
const both = person('wu.both', 'field_service_rep', 'field_technical_manager');

const request = {
  customerSensitivity: ['media'],
  vehicle: { vin: 'LSVAU2180N2183294', mileageKm: 131_000 },
  faultDescription: 'gearbox fails at 131,000 km, out of warranty',
  cause: 'quality_defect',
  dealerId: director.dealerId,
  regionId: REGION,
};
const openedBy = (actor: Actor): GivenEvent => ({ type: 'PreferentialClaimOpened', data: request, actor });
const opened = openedBy(director);
const verifiedBy = (actor: Actor): GivenEvent => ({
  type: 'PreferentialClaimVehicleVerified',
  data: { findings: 'valve body worn' },
  actor,
});
const qualityBy = (actor: Actor): GivenEvent => ({
  type: 'PreferentialClaimQualityDecided',
  data: { qualityProblem: true, notes: 'n' },
  actor,
});
const filled: GivenEvent = {
  type: 'PreferentialClaimFormFilled',
  data: { amountCents: 800_000 },
  actor: director,
};
const signedBy = (actor: Actor): GivenEvent => ({ type: 'PreferentialClaimSigned', data: {}, actor });
const auditedBy = (actor: Actor): GivenEvent => ({
  type: 'PreferentialClaimAudited',
  data: { passed: true, notes: 'n' },
  actor,
});

describe('preferential claim v2: one person, one seat on the chain', () => {
  it('given a person holding both signer roles signed as FTM, refuses their rejection as FSR (v1 accepted it)', () => {
    const given = [opened, verifiedBy(fsr), qualityBy(ftm), filled, signedBy(both)];
    expect(v2.given(...given).context).toMatchObject({ signatures: [{ role: 'field_technical_manager' }] });
    v1.given(...given)
      .when({ action: 'reject', actor: both, data: { reason: 'x' } })
      .then({ type: 'PreferentialClaimRejected' });
    v2.given(...given)
      .when({ action: 'reject', actor: both, data: { reason: 'x' } })
      .thenThrows(TransitionNotAllowedError);
    expect(v2.given(...given).allowedActionsFor(both)).toEqual([]);
  });

  it('given a person verified the vehicle as FSR, refuses their quality decision as FTM (v1 accepted it)', () => {
    v1.given(opened, verifiedBy(both))
      .when({ action: 'confirm-quality-problem', actor: both, data: { qualityProblem: true } })
      .then({ type: 'PreferentialClaimQualityDecided' });
    v2.given(opened, verifiedBy(both))
      .when({ action: 'confirm-quality-problem', actor: both, data: { qualityProblem: true } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('given a person verified the vehicle as FSR, lets them sign as FSR even though they also hold FTM', () => {
    v2.given(opened, verifiedBy(both), qualityBy(ftm), filled)
      .when({ action: 'sign', actor: both })
      .then({
        type: 'PreferentialClaimSigned',
        context: {
          signatures: [expect.objectContaining({ role: 'field_service_rep', actorId: both.id })],
          assignedRole: 'field_technical_manager',
        },
      });
  });

  it('given a person verified the vehicle as FSR and another FSR signed, refuses their signature as FTM (v1 accepted it)', () => {
    const otherFsr = actorAs('field_service_rep', { id: 'field_service_rep-2' });
    const given = [opened, verifiedBy(both), qualityBy(ftm), filled, signedBy(otherFsr)];
    v1.given(...given)
      .when({ action: 'sign', actor: both })
      .then({ type: 'PreferentialClaimSigned', toState: 'awaiting_audit' });
    v2.given(...given)
      .when({ action: 'sign', actor: both })
      .thenThrows(TransitionNotAllowedError);
    v2.given(...given)
      .when({ action: 'sign', actor: ftm })
      .then({ type: 'PreferentialClaimSigned', toState: 'awaiting_audit' });
  });

  it('given the applicant also holds the FSR role, refuses their vehicle verification (v1 accepted it)', () => {
    const applicant = { ...director, roles: ['service_director', 'field_service_rep'] as Role[] };
    v1.given(openedBy(applicant))
      .when({ action: 'verify-vehicle', actor: applicant, data: { findings: 'x' } })
      .then({ type: 'PreferentialClaimVehicleVerified' });
    v2.given(openedBy(applicant))
      .when({ action: 'verify-vehicle', actor: applicant, data: { findings: 'x' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('given the technical auditor also holds oem_claims, refuses their processing after their audit (v1 accepted it)', () => {
    const auditorAndClaims = { ...auditor, roles: ['technical_auditor', 'oem_claims'] as Role[] };
    const given = [
      opened,
      verifiedBy(fsr),
      qualityBy(ftm),
      filled,
      signedBy(ftm),
      signedBy(fsr),
      auditedBy(auditorAndClaims),
    ];
    v1.given(...given)
      .when({ action: 'process', actor: auditorAndClaims })
      .then({ type: 'PreferentialClaimProcessed' });
    v2.given(...given)
      .when({ action: 'process', actor: auditorAndClaims })
      .thenThrows(TransitionNotAllowedError);
    v2.given(...given)
      .when({ action: 'process', actor: claims })
      .then({ type: 'PreferentialClaimProcessed' });
  });

  it('lets the FTM decide, sign and notify (one role, one seat) and walks to settled', () => {
    const audited = [
      opened,
      verifiedBy(fsr),
      qualityBy(ftm),
      filled,
      signedBy(ftm),
      signedBy(fsr),
      auditedBy(auditor),
    ];
    const processed: GivenEvent = { type: 'PreferentialClaimProcessed', data: {}, actor: claims };
    const notified: GivenEvent = { type: 'PreferentialClaimResultNotified', data: {}, actor: ftm };
    v2.given(...audited, processed)
      .when({ action: 'notify-result', actor: ftm })
      .then({ type: 'PreferentialClaimResultNotified', toState: 'awaiting_settlement' });
    v2.given(...audited, processed, notified)
      .when({ action: 'settle', actor: claims, data: { paidAmountCents: 800_000, reference: 'CL-9' } })
      .then({ type: 'PreferentialClaimSettled', toState: 'settled' });
  });
});
