import type { FieldError, WorkflowDefinition } from '../../libs/kernel/index.js';
import type { EligibilityRequest } from './eligibility/eligibility-request.js';
import { evaluateEligibility } from './eligibility/evaluate-eligibility.js';
import type { PolicySet } from './eligibility/policy.js';
import { WarrantyClaimEvents } from './events.js';
import { warrantyClaimMachineV1 } from './machine.v1.js';
import type { WarrantyClaimContext } from './warranty-claim-context.js';

const DAY = 86_400_000;

/** The claim's facts as an eligibility request on the day of the service. */
export function eligibilityRequestOf(context: WarrantyClaimContext): EligibilityRequest {
  return {
    at: context.serviceCompletedAt,
    mileageKm: context.vehicle.mileageKm,
    vehicle: context.vehicle,
    fault: context.fault,
    parts: context.parts.map((part) => ({ partNo: part.partNo, class: part.class })),
    exclusions: context.exclusions,
  };
}

/**
 * The warranty claim workflow, version 1, judging eligibility with the given policy set (data files read and
 * validated at start). `filingDays` is the seed's 10 days [002].
 */
export function createWarrantyClaimWorkflowV1(
  policySet: PolicySet,
  filingDays = 10,
): WorkflowDefinition<WarrantyClaimContext> {
  return {
    caseType: 'warranty-claim',
    resource: 'warranty-claims',
    version: 1,
    machine: warrantyClaimMachineV1,
    create: {
      eventType: WarrantyClaimEvents.opened,
      roles: ['claims_clerk'],
      description: "The dealer's claims clerk opens a claim for a repair done under warranty.",
    },
    actions: {
      'determine-quality': {
        eventType: WarrantyClaimEvents.qualityDetermined,
        roles: ['claims_clerk'],
        description:
          'Inspection and quality determination; the eligibility decision and its policy version are recorded.',
        enrich: (context) =>
          context === undefined
            ? {}
            : { eligibility: evaluateEligibility(policySet, eligibilityRequestOf(context)) },
      },
      submit: {
        eventType: WarrantyClaimEvents.submitted,
        roles: ['claims_clerk'],
        description: `File the claim with the OEM within ${filingDays} days of the service (seed 002).`,
        check: (context, _data, _actor, occurredAt): FieldError[] => {
          if (context === undefined) return [];
          const limit = Date.parse(context.serviceCompletedAt) + filingDays * DAY;
          if (Date.parse(occurredAt) <= limit) return [];
          const late = Math.ceil((Date.parse(occurredAt) - Date.parse(context.serviceCompletedAt)) / DAY);
          return [
            {
              field: 'serviceCompletedAt',
              reason: `the claim is filed ${late} days after the service was completed (${context.serviceCompletedAt}); the OEM accepts claims within ${filingDays} days (seed 002)`,
            },
          ];
        },
      },
      withdraw: {
        eventType: WarrantyClaimEvents.withdrawn,
        roles: ['claims_clerk'],
        description: 'Withdraw a claim that will not be filed (e.g. too late), with the reason.',
      },
      'ship-old-parts': {
        eventType: WarrantyClaimEvents.oldPartsShipped,
        roles: ['claims_clerk'],
        description: "Ship the replaced old parts to the OEM's claims centre.",
      },
      'receive-old-parts': {
        eventType: WarrantyClaimEvents.oldPartsReceived,
        roles: ['oem_claims'],
        description: 'The OEM claims centre receives the old parts for analysis.',
      },
      approve: {
        eventType: WarrantyClaimEvents.approved,
        roles: ['oem_claims'],
        description: 'The OEM confirms the part caused the failure and approves at most the system price.',
        check: (context, data): FieldError[] =>
          context !== undefined &&
          typeof data.approvedCents === 'number' &&
          data.approvedCents > context.systemPriceCents
            ? [
                {
                  field: 'approvedCents',
                  reason: `must not exceed the system price ${context.systemPriceCents} (labour + parts)`,
                },
              ]
            : [],
      },
      reject: {
        eventType: WarrantyClaimEvents.rejected,
        roles: ['oem_claims'],
        description: 'The OEM rejects the claim with the reason.',
      },
      pay: {
        eventType: WarrantyClaimEvents.paid,
        roles: ['oem_claims'],
        description: 'The OEM pays the dealer.',
      },
      'record-callback': {
        eventType: WarrantyClaimEvents.callbackRecorded,
        roles: ['oem_claims'],
        description:
          'The OEM calls the customer back: satisfaction, courtesy, convenience, whether they paid anything.',
      },
      'record-breach': {
        eventType: WarrantyClaimEvents.deadlineBreached,
        roles: ['system'],
        description: 'Recorded by the SLA sweeper when the 10-day filing deadline passes.',
      },
    },
    finalStates: ['not_eligible', 'withdrawn', 'rejected', 'closed'],
  };
}
