import { uuidFromName } from '../../libs/kernel/index.js';
import type { WarrantyClaimContext } from './warranty-claim-context.js';

/** The case types the warranty claim's preferential hand-off touches (apps/api/src/warranty). */
export const WARRANTY_CLAIM = 'warranty-claim';
export const PREFERENTIAL_CLAIM = 'preferential-claim';
export const OPEN_PREFERENTIAL_CLAIM = 'open-preferential-claim';

/** What the service director adds to the prefilled preferential claim (OpenPreferentialClaimRequestDto). */
export interface PreferentialClaimRequest {
  readonly cause: string;
  readonly faultDescription?: string;
}

/**
 * The preferential claim's case id and command id for a warranty claim: one preferential claim per warranty
 * claim, so a retried "open preferential claim" opens it once.
 */
export function preferentialClaimIdFor(warrantyClaimId: string): string {
  return uuidFromName(JSON.stringify(['warranty-preferential-claim', warrantyClaimId]));
}

/**
 * The preferential claim create payload a not-eligible warranty claim with a preferential candidate opens
 * (seed 003 「敏感客户车辆在超过质量担保期发生的由于质量问题导致的车辆故障」): the customer's sensitivity and the
 * vehicle as the claim recorded them, the fault described from the claim unless the service director wrote
 * more, and the cause of the dealer's review.
 */
export function preferentialClaimFromWarrantyClaim(
  claim: WarrantyClaimContext,
  request: PreferentialClaimRequest,
): Record<string, unknown> {
  const { vin, use, invoiceDate, registrationDate } = claim.vehicle;
  return {
    customerSensitivity: [...(claim.customerSensitivity ?? [])],
    vehicle: {
      vin,
      use,
      invoiceDate,
      ...(registrationDate !== undefined ? { registrationDate } : {}),
      mileageKm: claim.vehicle.mileageKm,
    },
    faultDescription:
      request.faultDescription ??
      `保修索赔不符合保修条件(维修委托书 ${claim.repairOrderId}): ${claim.fault.description}`,
    cause: request.cause,
    currency: claim.currency,
  };
}
