import type { COVERAGE_KINDS, VEHICLE_USES } from './vocabulary.js';

type VehicleUse = (typeof VEHICLE_USES)[number];

/**
 * The facts an eligibility decision needs (API.md "Warranty claims"). Dates are `YYYY-MM-DD` or ISO-8601
 * date-times (an instant counts as its calendar day in China). Enumerated fields hold the words in
 * vocabulary.ts; the HTTP layer has checked them.
 */
export interface EligibilityRequest {
  /** The day the fault is reported: it decides which policy versions apply and whether periods still run. */
  readonly at: string;
  readonly mileageKm: number;
  readonly vehicle: {
    readonly vin: string;
    readonly use: VehicleUse;
    readonly powertrain?: string;
    readonly invoiceDate: string;
    readonly deliveryDate?: string;
    readonly registrationDate?: string;
    readonly priceCents?: number;
    /** n on the three-guarantees certificate, e.g. 0.005. */
    readonly usageCompensationRate?: number;
    /** Delivery of a replacement vehicle given under the three guarantees: periods start again. */
    readonly periodsRestartedAt?: string;
    /** The use when sold, if it changed since (seed 001: a change of use keeps the original period). */
    readonly originalUse?: VehicleUse;
  };
  readonly fault: {
    readonly system: string;
    readonly mainPart?: boolean;
    readonly requiresReplacement?: boolean;
    readonly failure?: string;
    readonly seriousSafetyFailure?: boolean;
    readonly partClass?: string;
    readonly wearPartPeriod?: { readonly months: number; readonly km: number };
    /** Identifies the same problem across repairs (`history.repairs[].problemKey`). */
    readonly problemKey?: string;
  };
  readonly parts?: readonly {
    readonly partNo: string;
    readonly class: string;
    readonly installedAt?: string;
    readonly boughtAtAuthorizedDealer?: boolean;
  }[];
  readonly customer?: { readonly sensitive?: readonly string[] };
  readonly currentRepair?: {
    readonly startedAt: string;
    readonly completedAt?: string;
    /** Hours that do not count towards the cumulative repair time (Art. 24 ¶3); never for one repair. */
    readonly excludedHours?: number;
  };
  readonly exclusions?: readonly string[];
  readonly history?: {
    readonly repairs: readonly {
      readonly system: string;
      readonly problemKey?: string;
      readonly mainPart?: boolean;
      readonly assemblyReplaced?: boolean;
      readonly mainPartReplaced?: string;
      readonly seriousSafetyFailure?: boolean;
      readonly startedAt: string;
      readonly completedAt: string;
      readonly excludedHours?: number;
    }[];
  };
}

export type CoverageKind = (typeof COVERAGE_KINDS)[number];

export interface Coverage {
  readonly kind: CoverageKind;
  readonly ruleId: string;
  readonly from?: string;
  readonly until?: string;
  /** Usage compensation the customer pays on a replacement or return (Art. 27). */
  readonly compensationCents?: number;
}

export interface Reason {
  readonly ruleId: string;
  readonly text: string;
}

export interface EligibilityDecision {
  readonly eligible: boolean;
  /** Every policy version that judged the request, e.g. `cn-three-guarantees@2021+oem-seed-warranty@1`. */
  readonly policyVersion: string;
  readonly coverage: readonly Coverage[];
  readonly reasons: readonly Reason[];
  readonly flags: readonly string[];
}
