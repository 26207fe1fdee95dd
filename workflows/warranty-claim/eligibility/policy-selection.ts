import { dateOf, isoDate } from './calendar-dates.js';
import type { EligibilityRequest } from './eligibility-request.js';
import type { PolicySet, WarrantyPolicy } from './policy.js';

/** The day a policy's periods start for this vehicle (its start basis; a replacement vehicle starts anew). */
export function periodStart(policy: WarrantyPolicy, vehicle: EligibilityRequest['vehicle']): Date {
  if (policy.start.restartsWithReplacement === true && vehicle.periodsRestartedAt !== undefined)
    return dateOf(vehicle.periodsRestartedAt);
  switch (policy.start.basis) {
    case 'registration_or_invoice':
      return dateOf(vehicle.registrationDate ?? vehicle.invoiceDate);
    case 'invoice_or_delivery':
      return dateOf(vehicle.deliveryDate ?? vehicle.invoiceDate);
    case 'invoice':
      return dateOf(vehicle.invoiceDate);
  }
}

function inForceOn(policy: WarrantyPolicy, day: string): boolean {
  return policy.effectiveFrom <= day && (policy.effectiveUntil === undefined || day < policy.effectiveUntil);
}

/** A repealed version whose transition clause still claims this vehicle on this day. */
function stillJudges(policy: WarrantyPolicy, day: string, vehicle: EligibilityRequest['vehicle']): boolean {
  const clause = policy.stillAppliesTo;
  return (
    clause !== undefined &&
    policy.effectiveUntil !== undefined &&
    day >= policy.effectiveUntil &&
    isoDate(periodStart(policy, vehicle)) < clause.periodsStartedBefore
  );
}

/**
 * The version of each policy that judges the request: the one in force on `at`, unless a repealed version's
 * transition clause still claims the vehicle — then the earliest such version, the one it was sold under.
 */
export function policiesJudging(policySet: PolicySet, request: EligibilityRequest): WarrantyPolicy[] {
  const day = isoDate(dateOf(request.at));
  const ids = [...new Set(policySet.policies.map((policy) => policy.id))];
  return ids.flatMap((id) => {
    const versions = policySet.policies
      .filter((policy) => policy.id === id)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    const judging =
      versions.find((policy) => stillJudges(policy, day, request.vehicle)) ??
      versions.find((policy) => inForceOn(policy, day));
    return judging === undefined ? [] : [judging];
  });
}
