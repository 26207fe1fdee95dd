import {
  RefusedByRuleError,
  type ActionDefinition,
  type WorkflowDefinition,
} from '../../libs/kernel/index.js';
import type { PolicySet } from '../warranty-claim/eligibility/policy.js';
import { PreferentialClaimEvents } from './events.js';
import { stillCoveredProblems, vehicleEligibility } from './out-of-warranty.js';
import { PREFERENTIAL_CLAIM_SIGNERS, preferentialClaimMachineV1 } from './v1/machine.js';
import { preferentialClaimMachineV2 } from './v2/machine.js';
import { preferentialClaimMachineV3 } from './v3/machine.js';
import type { PreferentialClaimContext } from './preferential-claim-context.js';

/** The preferential claim approval chain, version 1. */
export const preferentialClaimWorkflowV1: WorkflowDefinition<PreferentialClaimContext> = {
  caseType: 'preferential-claim',
  resource: 'preferential-claims',
  version: 1,
  machine: preferentialClaimMachineV1,
  approvalChain: PREFERENTIAL_CLAIM_SIGNERS,
  create: {
    eventType: PreferentialClaimEvents.opened,
    roles: ['service_director'],
    description: "The dealer's service director opens a claim after the initial eligibility review.",
    references: { complaintId: 'complaint' },
    check: (_context, data) => {
      const problems = [];
      if (data.cause === 'natural_disaster') {
        problems.push({
          field: 'cause',
          reason:
            'damage from a natural disaster is never eligible for a preferential claim: the OEM does not fund it, and the dealer handles the complaint',
          code: 'not_eligible',
        });
      }
      if (!Array.isArray(data.customerSensitivity) || data.customerSensitivity.length === 0) {
        problems.push({
          field: 'customerSensitivity',
          reason: 'a preferential claim is only for sensitive customers',
          code: 'required',
        });
      }
      return problems;
    },
  },
  actions: {
    'verify-vehicle': {
      eventType: PreferentialClaimEvents.vehicleVerified,
      roles: ['field_service_rep'],
      description: 'The FSR verifies the vehicle.',
    },
    'confirm-quality-problem': {
      eventType: PreferentialClaimEvents.qualityDecided,
      roles: ['field_technical_manager'],
      description: 'The FTM decides whether it is a quality problem; if not, the claim ends rejected.',
    },
    'fill-form': {
      eventType: PreferentialClaimEvents.formFilled,
      roles: ['service_director'],
      description: 'The service director fills the approval form with the amount.',
    },
    sign: {
      eventType: PreferentialClaimEvents.signed,
      roles: ['field_technical_manager', 'field_service_rep'],
      description: 'The FTM and the FSR sign, each once, in either order.',
    },
    audit: {
      eventType: PreferentialClaimEvents.audited,
      roles: ['technical_auditor'],
      description: 'OEM after-sales technical audit; a failed audit rejects the claim.',
    },
    process: {
      eventType: PreferentialClaimEvents.processed,
      roles: ['oem_claims'],
      description: 'OEM claims processes and archives the form.',
    },
    'notify-result': {
      eventType: PreferentialClaimEvents.resultNotified,
      roles: ['field_technical_manager'],
      description: 'The FTM tells the FSR the result.',
    },
    settle: {
      eventType: PreferentialClaimEvents.settled,
      roles: ['oem_claims'],
      description: 'OEM claims settles per the form; never more than the form amount.',
      check: (context, data) =>
        context !== undefined &&
        typeof data.paidAmountCents === 'number' &&
        data.paidAmountCents > (context.amountCents ?? 0)
          ? [
              {
                field: 'paidAmountCents',
                reason: `must not exceed the form amount ${context.amountCents ?? 0}`,
              },
            ]
          : [],
    },
    reject: {
      eventType: PreferentialClaimEvents.rejected,
      roles: ['field_service_rep', 'field_technical_manager', 'technical_auditor', 'oem_claims'],
      description: 'The approver whose turn it is rejects the claim, with the reason.',
    },
  },
  finalStates: ['rejected', 'settled'],
  listFacets: { linkedCaseId: 'complaintId' },
};

/**
 * Version 2: the same actions and events, with segregation of duties by person (approvals/seats.ts): one
 * person acts in one role on the chain. New claims start on v2; claims opened under v1 keep v1 for their
 * whole life (docs/approvals.md).
 */
export const preferentialClaimWorkflowV2: WorkflowDefinition<PreferentialClaimContext> = {
  ...preferentialClaimWorkflowV1,
  version: 2,
  machine: preferentialClaimMachineV2,
};

const claimabilityDecision: ActionDefinition<PreferentialClaimContext> = {
  eventType: PreferentialClaimEvents.claimabilityDecided,
  roles: ['field_service_rep'],
  description:
    "The FSR, told the FTM's verdict, decides whether the claim can be handled (可办理) and asks the service director to fill the form; not claimable ends it rejected.",
};

/**
 * Version 3: a claim opens only for a vehicle out of warranty (「敏感客户车辆在超过质量担保期…」 [003]). The
 * warranty eligibility policies judge the vehicle on the day the claim is opened; a vehicle they still cover
 * is refused with the covering rule named (HTTP 422), and the decision with its policy version is recorded
 * on the opening. After the FTM's verdict the FSR decides 「可办理」 as a step of its own before the service
 * director fills the form. Claims opened under v1 or v2 keep their version (docs/approvals.md).
 */
export function createPreferentialClaimWorkflowV3(
  policies: PolicySet,
): WorkflowDefinition<PreferentialClaimContext> {
  const opening = preferentialClaimWorkflowV1.create;
  return {
    ...preferentialClaimWorkflowV2,
    version: 3,
    machine: preferentialClaimMachineV3,
    create: {
      ...opening,
      description:
        "The dealer's service director opens a claim after the initial review, for a vehicle out of warranty.",
      check: (context, data, actor, occurredAt, referenced) => {
        const problems = opening.check?.(context, data, actor, occurredAt, referenced) ?? [];
        if (problems.length > 0) return problems;
        const covered = stillCoveredProblems(vehicleEligibility(policies, data, occurredAt));
        if (covered.length > 0)
          throw new RefusedByRuleError(covered, covered.map((problem) => problem.reason).join('; '));
        return [];
      },
      enrich: (_context, data, occurredAt) => ({
        eligibility: vehicleEligibility(policies, data, occurredAt),
      }),
    },
    // Offered in the chain's order: the FSR's decision right after the FTM's verdict.
    actions: Object.fromEntries(
      Object.entries(preferentialClaimWorkflowV2.actions).flatMap(([name, action]) =>
        name === 'confirm-quality-problem'
          ? [
              [name, action],
              ['confirm-claimable', claimabilityDecision],
            ]
          : [[name, action]],
      ),
    ),
  };
}
