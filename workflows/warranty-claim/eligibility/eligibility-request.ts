/** The facts an eligibility decision needs (API.md "Warranty claims"); dates `YYYY-MM-DD` or ISO-8601. */
export interface EligibilityRequest {
  readonly at: string;
  readonly mileageKm: number;
  readonly vehicle: {
    readonly vin: string;
    readonly use: 'private' | 'taxi' | 'commercial';
    readonly powertrain?: 'ice' | 'bev' | 'phev';
    readonly invoiceDate: string;
    readonly deliveryDate?: string;
    readonly registrationDate?: string;
    readonly priceCents?: number;
    readonly usageCompensationRate?: number;
    readonly periodsRestartedAt?: string;
    /** The use when sold, if it changed since (seed 001: a change of use keeps the original period). */
    readonly originalUse?: 'private' | 'taxi' | 'commercial';
  };
  readonly fault: {
    readonly system: string;
    readonly mainPart?: boolean;
    readonly requiresReplacement?: boolean;
    readonly failure?: string;
    readonly seriousSafetyFailure?: boolean;
    readonly partClass?: string;
    readonly wearPartPeriod?: { readonly months: number; readonly km: number };
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

export type CoverageKind =
  | 'vehicle_replacement_or_return'
  | 'assembly_replacement'
  | 'free_repair'
  | 'oem_warranty_repair'
  | 'part_warranty'
  | 'wear_part'
  | 'backup_vehicle'
  | 'preferential_claim_candidate';

export interface Coverage {
  readonly kind: CoverageKind;
  readonly ruleId: string;
  readonly from?: string;
  readonly until?: string;
  readonly compensationCents?: number;
}

export interface Reason {
  readonly ruleId: string;
  readonly text: string;
}

export interface EligibilityDecision {
  readonly eligible: boolean;
  readonly policyVersion: string;
  readonly coverage: readonly Coverage[];
  readonly reasons: readonly Reason[];
  readonly flags: readonly string[];
}
