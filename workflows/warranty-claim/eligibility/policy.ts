import type { CoverageKind } from './eligibility-request.js';

/** A span from a start date, in calendar units and/or kilometres; whichever is reached first ends it. */
export interface Span {
  readonly days?: number;
  readonly months?: number;
  readonly years?: number;
  readonly km?: number;
}

/** Conditions on the reported fault; every condition given must hold. */
export interface FaultCondition {
  readonly systems?: readonly string[];
  readonly mainPart?: boolean;
  readonly requiresReplacement?: boolean;
  readonly failures?: readonly string[];
  readonly seriousSafetyFailure?: boolean;
}

interface RuleBase {
  readonly ruleId: string;
  /** Human-readable, with the article or seed it comes from; shown in `reasons`. */
  readonly text: string;
}

export type PolicyRule =
  | (RuleBase & {
      readonly kind: 'window';
      readonly coverage: CoverageKind;
      readonly within: Span;
      readonly when?: FaultCondition;
      /** Usage compensation the customer pays on replacement/return (price × km / 1000 × rate). */
      readonly usageCompensation?: boolean;
    })
  | (RuleBase & { readonly kind: 'wear_part'; readonly within: Span })
  | (RuleBase & {
      readonly kind: 'backup_vehicle';
      readonly within: Span;
      readonly singleRepairDaysOver: number;
    })
  | (RuleBase & {
      readonly kind: 'repeat_repairs';
      readonly within: Span;
      readonly sameProblemRepairsAtLeast: number;
      readonly usageCompensation?: boolean;
    })
  | (RuleBase & {
      readonly kind: 'cumulative_repair_days';
      readonly within: Span;
      readonly daysOver: number;
      readonly usageCompensation?: boolean;
    })
  | (RuleBase & {
      readonly kind: 'repeat_safety_failure';
      readonly within: Span;
      readonly repairsAtLeast: number;
      readonly usageCompensation?: boolean;
    })
  | (RuleBase & {
      readonly kind: 'repeat_assembly_replacement';
      readonly within: Span;
      readonly systems: readonly string[];
      readonly replacementsAtLeast: number;
      readonly usageCompensation?: boolean;
    })
  | (RuleBase & {
      readonly kind: 'vehicle_warranty';
      /** By the vehicle's use when sold (a later change of use keeps the original period). */
      readonly byUse: Readonly<Record<'private' | 'taxi' | 'commercial', Span>>;
    })
  | (RuleBase & { readonly kind: 'part_warranty'; readonly within: Span })
  | (RuleBase & { readonly kind: 'preferential_candidate'; readonly sensitivities: readonly string[] });

export type RuleKind = PolicyRule['kind'];

/** How the periods' start date is found. */
export type StartBasis = 'invoice' | 'invoice_or_delivery' | 'registration_or_invoice';

/**
 * One version of a warranty policy, as a data file: the statutory three-guarantees rules of a year, or an
 * OEM's warranty terms. Versions coexist; effective dates decide which one judges a vehicle.
 */
export interface WarrantyPolicy {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly kind: 'statutory' | 'oem';
  /** Statutory versions apply to vehicles whose periods start in this range; OEM ones to requests made in it. */
  readonly effectiveFrom: string;
  readonly effectiveUntil?: string;
  readonly scope: {
    readonly ruleId: string;
    readonly uses: readonly ('private' | 'taxi' | 'commercial')[];
    readonly text: string;
  };
  readonly start: { readonly ruleId: string; readonly basis: StartBasis; readonly text: string };
  readonly usageCompensation?: {
    readonly ruleId: string;
    readonly defaultRate: number;
    readonly minRate: number;
    readonly maxRate: number;
  };
  /** Exclusion codes that void coverage for the problem concerned. */
  readonly exclusions: readonly { readonly ruleId: string; readonly code: string; readonly text: string }[];
  /** Exclusion codes this policy says are NOT grounds to refuse (e.g. servicing at an independent shop). */
  readonly notGrounds?: readonly { readonly ruleId: string; readonly code: string; readonly text: string }[];
  readonly rules: readonly PolicyRule[];
}

/** All loaded versions, validated. */
export interface PolicySet {
  readonly policies: readonly WarrantyPolicy[];
}
