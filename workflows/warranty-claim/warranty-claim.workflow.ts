import type { FieldError, WorkflowDefinition } from '../../libs/kernel/index.js';
import { dateOf, instantOf } from './eligibility/calendar-dates.js';
import type { EligibilityRequest } from './eligibility/eligibility-request.js';
import { evaluateEligibility } from './eligibility/evaluate-eligibility.js';
import type { PolicySet } from './eligibility/policy.js';
import { WarrantyClaimEvents } from './events.js';
import { warrantyClaimMachineV1 } from './v1/machine.js';
import type { WarrantyClaimContext } from './warranty-claim-context.js';

const DAY = 86_400_000;

/** The claim's facts as an eligibility request judged on `at`. */
export function eligibilityRequestOf(context: WarrantyClaimContext, at: string): EligibilityRequest {
  return {
    at,
    mileageKm: context.vehicle.mileageKm,
    vehicle: context.vehicle,
    fault: context.fault,
    parts: context.parts.map(({ partNo, class: partClass, installedAt, boughtAtAuthorizedDealer }) => ({
      partNo,
      class: partClass,
      ...(installedAt === undefined ? {} : { installedAt }),
      ...(boughtAtAuthorizedDealer === undefined ? {} : { boughtAtAuthorizedDealer }),
    })),
    exclusions: context.exclusions,
  };
}

function instantIn(data: Record<string, unknown>, field: string): number | undefined {
  const value = data[field];
  if (typeof value !== 'string') return undefined;
  try {
    return instantOf(value);
  } catch {
    return NaN;
  }
}

/** Dates that cannot be: a service completed in the future, a fault reported after the service. */
function openingProblems(data: Record<string, unknown>, occurredAt: string): FieldError[] {
  const completed = instantIn(data, 'serviceCompletedAt');
  const reported = instantIn(data, 'faultReportedAt');
  const problems: FieldError[] = [];
  if (completed === undefined || Number.isNaN(completed))
    problems.push({ field: 'serviceCompletedAt', reason: 'must be an ISO-8601 date-time' });
  else if (completed > instantOf(occurredAt))
    problems.push({
      field: 'serviceCompletedAt',
      reason: 'must not be in the future: claim a repair once done',
    });
  if (reported !== undefined && Number.isNaN(reported))
    problems.push({ field: 'faultReportedAt', reason: 'must be a date YYYY-MM-DD or an ISO-8601 date-time' });
  else if (
    reported !== undefined &&
    completed !== undefined &&
    !Number.isNaN(completed) &&
    dateOf(String(data.faultReportedAt)) > dateOf(String(data.serviceCompletedAt))
  )
    problems.push({ field: 'faultReportedAt', reason: 'must not be after the day of serviceCompletedAt' });
  return problems;
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
      check: (_context, data, _actor, occurredAt) => openingProblems(data, occurredAt),
    },
    actions: {
      'determine-quality': {
        eventType: WarrantyClaimEvents.qualityDetermined,
        roles: ['claims_clerk'],
        description:
          'Inspection and quality determination; for a quality problem the eligibility decision and its policy version are recorded.',
        // Judged on the day the fault was reported when the clerk gave it, else on the determination's day.
        enrich: (context, data, occurredAt) => {
          if (context === undefined || data.qualityProblem !== true) return { eligibility: null };
          const at = context.faultReportedAt ?? occurredAt;
          return {
            eligibilityAt: at,
            eligibility: evaluateEligibility(policySet, eligibilityRequestOf(context, at)),
          };
        },
      },
      submit: {
        eventType: WarrantyClaimEvents.submitted,
        roles: ['claims_clerk'],
        description: `File the claim with the OEM within ${filingDays} days of the service: the OEM accepts no later claim.`,
        check: (context, _data, _actor, occurredAt): FieldError[] => {
          if (context === undefined) return [];
          const elapsed = instantOf(occurredAt) - instantOf(context.serviceCompletedAt);
          if (elapsed <= filingDays * DAY) return [];
          return [
            {
              field: 'serviceCompletedAt',
              reason: `the claim is filed ${Math.ceil(elapsed / DAY)} days after the service was completed (${context.serviceCompletedAt}); the OEM accepts warranty claims only within ${filingDays} days of the service`,
              code: 'deadline_passed',
              max: filingDays,
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
                  reason: `must not exceed the system price ${context.systemPriceCents} (labour ${context.laborCents} + parts ${context.partsCents})`,
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
        description: 'The OEM pays the dealer the approved amount.',
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
        description: `Recorded by the SLA sweeper when the ${filingDays}-day filing deadline passes: the claim is late.`,
        check: (_context, data): FieldError[] =>
          data.kind === 'filing'
            ? []
            : [{ field: 'kind', reason: "a warranty claim has one deadline: 'filing'" }],
      },
    },
    finalStates: ['not_eligible', 'withdrawn', 'rejected', 'closed'],
  };
}
