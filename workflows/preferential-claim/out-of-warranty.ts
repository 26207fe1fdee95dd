import type { FieldError } from '../../libs/kernel/index.js';
import type {
  EligibilityDecision,
  EligibilityRequest,
} from '../warranty-claim/eligibility/eligibility-request.js';
import { evaluateEligibility } from '../warranty-claim/eligibility/evaluate-eligibility.js';
import type { PolicySet } from '../warranty-claim/eligibility/policy.js';

/** The only coverage a preferential claim may go with: none but the preferential candidate itself. */
const PREFERENTIAL_CANDIDATE = 'preferential_claim_candidate';

/**
 * The claim's vehicle judged on the day the claim is opened. The claim names no failed system or part, so
 * the fault is judged as one of no particular system (`other`): the general warranty periods decide, which
 * is what 「超过质量担保期」 asks [003]; the cause is the dealer's review, not a warranty exclusion.
 */
export function vehicleEligibility(
  policies: PolicySet,
  data: Record<string, unknown>,
  occurredAt: string,
): EligibilityDecision {
  const vehicle = (data.vehicle ?? {}) as Record<string, unknown>;
  const request: EligibilityRequest = {
    at: occurredAt,
    mileageKm: Number(vehicle.mileageKm),
    vehicle: {
      vin: String(vehicle.vin),
      use: vehicle.use as EligibilityRequest['vehicle']['use'],
      invoiceDate: String(vehicle.invoiceDate),
      ...(typeof vehicle.registrationDate === 'string' ? { registrationDate: vehicle.registrationDate } : {}),
    },
    fault: { system: 'other' },
    customer: {
      sensitive: Array.isArray(data.customerSensitivity) ? (data.customerSensitivity as string[]) : [],
    },
  };
  return evaluateEligibility(policies, request);
}

/**
 * 「敏感客户车辆在超过质量担保期发生的…」 [003]: a preferential claim is only for a vehicle out of warranty.
 * One problem per coverage the policies still grant, naming its rule; none for a vehicle out of warranty.
 */
export function stillCoveredProblems(decision: EligibilityDecision): FieldError[] {
  return decision.coverage
    .filter((coverage) => coverage.kind !== PREFERENTIAL_CANDIDATE)
    .map((coverage) => ({
      field: 'vehicle',
      reason: `the vehicle is still covered (${coverage.kind}${coverage.until === undefined ? '' : ` until ${coverage.until}`}) by rule ${coverage.ruleId} of ${decision.policyVersion}: a preferential claim is only for a vehicle out of warranty; file a warranty claim instead`,
      code: 'still_in_warranty',
    }));
}
