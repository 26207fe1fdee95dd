// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import {
  RefusedByRuleError,
  type ActionDefinition,
  type FieldError,
  type WorkflowDefinition,
} from '../../../libs/kernel/index.js';
import type { EligibilityRequest } from '../eligibility/eligibility-request.js';
import { evaluateEligibility } from '../eligibility/evaluate-eligibility.js';
import type { PolicySet } from '../eligibility/policy.js';
import { WarrantyClaimEvents } from '../events.js';
import { priceClaim, type ClaimPricing } from '../pricing/price-claim.js';
import type { PriceListSet } from '../pricing/price-list.js';
import { createWarrantyClaimWorkflowV3 } from '../v3/warranty-claim.workflow.js';
import type { WarrantyClaimContext } from '../warranty-claim-context.js';
import { eligibilityRequestOf } from '../warranty-claim.workflow.js';
import { CLAIMABLE_COVERAGE, warrantyClaimMachineV4 } from './machine.js';
import {
  hoursAfterDelivery,
  wholeVehicleInputProblems,
  wholeVehicleRefusals,
  type WholeVehicleRequest,
} from './whole-vehicle.js';

const CLOCKS = ['filing', 'old-parts-return', 'customer-paid-follow-up'];

interface ClaimLines {
  readonly labour: readonly { operationCode: string; claimedCents: number }[];
  readonly parts: readonly { partNo: string; quantity: number; claimedCents: number }[];
}

function sumOf(lines: readonly { claimedCents?: unknown }[]): number {
  return lines.reduce((total, line) => total + Number(line.claimedCents ?? 0), 0);
}

/**
 * v4 claims are made of priced lines: labour lines by operation code and a claimed amount per part line,
 * whose sums are the claim's `laborCents` and `partsCents` (HTTP 400 naming the field otherwise).
 */
function lineProblems(data: Record<string, unknown>): FieldError[] {
  const labour = Array.isArray(data.labour) ? (data.labour as { claimedCents?: unknown }[]) : undefined;
  const parts = Array.isArray(data.parts) ? (data.parts as { claimedCents?: unknown }[]) : [];
  const problems: FieldError[] = [];
  if (labour === undefined || labour.length === 0)
    problems.push({
      field: 'labour',
      reason: 'a v4 claim lists its labour lines by operation code: [{ operationCode, claimedCents }]',
      code: 'required',
    });
  parts.forEach((part, index) => {
    if (typeof part.claimedCents !== 'number')
      problems.push({
        field: `parts.${index}.claimedCents`,
        reason: 'is required: what the line claims',
        code: 'required',
      });
  });
  if (problems.length > 0) return problems;
  if (sumOf(labour!) !== data.laborCents)
    problems.push({ field: 'laborCents', reason: `must be the sum of the labour lines, ${sumOf(labour!)}` });
  if (sumOf(parts) !== data.partsCents)
    problems.push({ field: 'partsCents', reason: `must be the sum of the part lines, ${sumOf(parts)}` });
  return problems;
}

function pricingOf(priceLists: PriceListSet, data: Record<string, unknown>) {
  const lines = data as unknown as ClaimLines;
  return priceClaim(priceLists, {
    serviceCompletedAt: String(data.serviceCompletedAt),
    ...(typeof data.regionId === 'string' ? { regionId: data.regionId } : {}),
    labour: lines.labour,
    parts: lines.parts,
  });
}

/** The claim's facts as an eligibility request, with the customer's sensitivity (v4). */
function eligibilityRequestV4(context: WarrantyClaimContext, at: string): EligibilityRequest {
  return {
    ...eligibilityRequestOf(context, at),
    customer: { sensitive: [...(context.customerSensitivity ?? [])] },
  };
}

function wholeVehicleOf(data: Record<string, unknown>): WholeVehicleRequest | undefined {
  return data.qualityProblem === true && typeof data.wholeVehicle === 'object' && data.wholeVehicle !== null
    ? (data.wholeVehicle as WholeVehicleRequest)
    : undefined;
}

/**
 * The warranty claim workflow, version 4 (docs/warranty.md "What changed from v3"): v3's actions with the
 * claim priced from the OEM price list (「按系统设定的价格赔付」 [002]), whole-vehicle claims (整车索赔 [001]), the
 * OEM's follow-up of a customer who paid, and the preferential claim offered for a preferential candidate. As
 * in v3, whoever acted for the dealer on a claim never takes the OEM's steps on it, the new ones included.
 */
export function createWarrantyClaimWorkflowV4(
  policySet: PolicySet,
  priceLists: PriceListSet,
): WorkflowDefinition<WarrantyClaimContext> {
  const v3 = createWarrantyClaimWorkflowV3(policySet);
  const determine: ActionDefinition<WarrantyClaimContext> = {
    ...v3.actions['determine-quality']!,
    description:
      "Inspection and quality determination; for a quality problem the eligibility decision and its policy version are recorded. A whole-vehicle claim (整车索赔) is asked for here and granted only when the seed's conditions hold.",
    // The whole-vehicle conditions are rules, not input: a claim failing one is refused naming it (HTTP 422).
    check: (context, data, _actor, occurredAt) => {
      const request = wholeVehicleOf(data);
      if (context === undefined || request === undefined) return [];
      const problems = wholeVehicleInputProblems(request);
      if (problems.length > 0) return problems;
      const at = context.faultReportedAt ?? occurredAt;
      const eligibility = evaluateEligibility(policySet, eligibilityRequestV4(context, at));
      const refusals = wholeVehicleRefusals(request, {
        inWarranty: eligibility.coverage.some((coverage) =>
          (CLAIMABLE_COVERAGE as readonly string[]).includes(coverage.kind),
        ),
        exclusions: context.exclusions,
      });
      if (refusals.length > 0)
        throw new RefusedByRuleError(refusals, refusals.map((refusal) => refusal.reason).join('; '));
      return [];
    },
    enrich: (context, data, occurredAt) => {
      if (context === undefined || data.qualityProblem !== true) return { eligibility: null };
      const at = context.faultReportedAt ?? occurredAt;
      const eligibility = evaluateEligibility(policySet, eligibilityRequestV4(context, at));
      const request = wholeVehicleOf(data);
      return request === undefined
        ? { eligibilityAt: at, eligibility }
        : {
            eligibilityAt: at,
            eligibility,
            wholeVehicleResult: { grounds: request.grounds, hoursAfterDelivery: hoursAfterDelivery(request) },
          };
    },
  };
  return {
    ...v3,
    version: 4,
    machine: warrantyClaimMachineV4,
    create: {
      ...v3.create,
      description:
        "The dealer's claims clerk opens a claim for a repair done under warranty, line by line: each labour operation and part is priced from the OEM price list.",
      check: (context, data, actor, occurredAt, referenced) => {
        const problems = [
          ...(v3.create.check?.(context, data, actor, occurredAt, referenced) ?? []),
          ...lineProblems(data),
        ];
        if (problems.length > 0) return problems;
        const { refusals } = pricingOf(priceLists, data);
        if (refusals.length > 0)
          throw new RefusedByRuleError([...refusals], refusals.map((refusal) => refusal.reason).join('; '));
        return [];
      },
      enrich: (_context, data) => ({ pricing: pricingOf(priceLists, data).priced as ClaimPricing }),
    },
    actions: {
      ...v3.actions,
      'determine-quality': determine,
      approve: {
        ...v3.actions.approve!,
        description:
          "The OEM confirms the part caused the failure and approves at most the price list's amount for the claimed lines. Never by a person who acted for the dealer on this claim.",
        check: (context, data): FieldError[] =>
          context !== undefined &&
          typeof data.approvedCents === 'number' &&
          data.approvedCents > context.systemPriceCents
            ? [
                {
                  field: 'approvedCents',
                  reason: `must not exceed the price list's ${context.systemPriceCents} (${context.pricing?.priceListVersion ?? 'price list'}: labour ${context.pricing?.labourCents ?? 0} + parts ${context.pricing?.partsCents ?? 0})`,
                  code: 'above_list_price',
                  max: context.systemPriceCents,
                },
              ]
            : [],
      },
      'approve-whole-vehicle': {
        eventType: WarrantyClaimEvents.wholeVehicleApproved,
        roles: ['oem_claims'],
        description:
          'The OEM approves a whole-vehicle claim (整车索赔): the vehicle is replaced or taken back; no labour + parts claim follows. Never by a person who acted for the dealer on this claim.',
      },
      'follow-up-customer-paid': {
        eventType: WarrantyClaimEvents.customerPaidFollowedUp,
        roles: ['oem_claims'],
        description:
          'The customer said they paid for a warranty repair: the OEM follows it up with the dealer and records the outcome before the claim closes. Never by a person who acted for the dealer on this claim.',
      },
      'open-preferential-claim': {
        eventType: WarrantyClaimEvents.preferentialClaimOpened,
        roles: ['service_director'],
        description:
          'A not-eligible claim whose customer is a preferential candidate: the service director opens the preferential claim, prefilled and linked (POST .../actions/open-preferential-claim).',
        references: { preferentialClaimId: 'preferential-claim' },
      },
      'record-breach': {
        ...v3.actions['record-breach']!,
        description:
          'Recorded by the SLA sweeper when the filing, old-parts return or customer-paid follow-up deadline passes.',
        check: (_context, data): FieldError[] =>
          CLOCKS.includes(String(data.kind))
            ? []
            : [{ field: 'kind', reason: `a warranty claim's deadlines are ${CLOCKS.join(', ')}` }],
      },
    },
    finalStates: ['not_eligible', 'withdrawn', 'rejected', 'closed', 'whole_vehicle_approved'],
    listFacets: { linkedCaseId: 'preferentialClaimId' },
  };
}
