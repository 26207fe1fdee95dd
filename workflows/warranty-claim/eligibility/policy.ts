import type { CoverageKind } from './eligibility-request.js';

export type VehicleUse = 'private' | 'taxi' | 'commercial';

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
  /** The failed part's class must be one of these. */
  readonly partClasses?: readonly string[];
  /** The failed part's class must not be one of these (e.g. wear parts have their own period). */
  readonly exceptPartClasses?: readonly string[];
}

/** Facts a `repair_history` rule counts, from `history.repairs` (and the current fault or repair). */
export type RepairMeasure =
  /** Repairs of the fault's `problemKey`, this one included. */
  | 'same_problem_repairs'
  /** Earlier repairs of a serious safety failure (any), when the fault is one again. */
  | 'serious_safety_failure_repairs'
  /** Earlier replacements of the whole assembly of the fault's system. */
  | 'assembly_replacements'
  /** Earlier replacements of one main part of the fault's system, the most replaced part counting. */
  | 'main_part_replacements'
  /** Repair days of every earlier repair plus the current one (excluded hours removed). */
  | 'repair_days';

interface RuleBase {
  readonly ruleId: string;
  /** Human-readable, with the article or seed it comes from; shown in `reasons`. */
  readonly text: string;
}

/** A remedy inside a span from the period start (or from delivery), optionally only for some faults. */
export interface WindowRule extends RuleBase {
  readonly kind: 'window';
  readonly coverage: CoverageKind;
  /** Exactly one of `within` and `withinByUse` (the span by the vehicle's use when sold). */
  readonly within?: Span;
  readonly withinByUse?: Readonly<Record<VehicleUse, Span>>;
  /** Count from the delivery date (invoice date when unknown) instead of the policy's period start. */
  readonly startsOn?: 'delivery';
  readonly when?: FaultCondition;
  /** Usage compensation the customer pays on replacement/return (price × km / 1000 × rate). */
  readonly usageCompensation?: boolean;
}

/** Wear parts: covered within the period on the certificate (`fault.wearPartPeriod`). */
export interface WearPartRule extends RuleBase {
  readonly kind: 'wear_part';
  readonly partClasses: readonly string[];
  /** An outer limit as well, e.g. the free-repair period. */
  readonly within?: Span;
}

/** A backup vehicle or transport money when one repair lasts longer than the limit. */
export interface BackupVehicleRule extends RuleBase {
  readonly kind: 'backup_vehicle';
  readonly within: Span;
  readonly singleRepairDaysOver: number;
}

/** A remedy earned by the repair history inside a span (three-guarantees Art. 24). */
export interface RepairHistoryRule extends RuleBase {
  readonly kind: 'repair_history';
  readonly coverage: CoverageKind;
  readonly within: Span;
  readonly measure: RepairMeasure;
  /** Only faults of these systems, and only their repairs, count. */
  readonly systems?: readonly string[];
  /** Exactly one of the two thresholds. */
  readonly atLeast?: number;
  readonly moreThan?: number;
  readonly usageCompensation?: boolean;
}

/** A part bought and installed at an authorized dealer, from its installation. */
export interface PartWarrantyRule extends RuleBase {
  readonly kind: 'part_warranty';
  readonly within: Span;
}

/** Nothing else applies, but a sensitive customer may get a preferential claim (seed 003). */
export interface PreferentialCandidateRule extends RuleBase {
  readonly kind: 'preferential_candidate';
  readonly sensitivities: readonly string[];
  /** Causes that rule it out (it pays quality problems only; natural disasters never). */
  readonly refusedBy: readonly string[];
}

export type PolicyRule =
  | WindowRule
  | WearPartRule
  | BackupVehicleRule
  | RepairHistoryRule
  | PartWarrantyRule
  | PreferentialCandidateRule;

export type RuleKind = PolicyRule['kind'];

/** How the periods' start date is found. */
export type StartBasis = 'invoice' | 'invoice_or_delivery' | 'registration_or_invoice';

export interface PolicyClause {
  readonly ruleId: string;
  readonly text: string;
}

/** An article or term naming causes (codes of `exclusions` in a request), e.g. SB-EXC-02 for two causes. */
export interface ExclusionClause extends PolicyClause {
  readonly codes: readonly string[];
}

/**
 * One version of a warranty policy, as a data file: the statutory three-guarantees rules of a year, or an
 * OEM's warranty terms. Versions of one id coexist; the request date (`at`) decides which one judges it.
 */
export interface WarrantyPolicy {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly kind: 'statutory' | 'oem';
  /** In force for requests made on or after this day… */
  readonly effectiveFrom: string;
  /** …and before this one (exclusive). */
  readonly effectiveUntil?: string;
  /**
   * A transition clause: after `effectiveUntil` this version still judges vehicles whose periods started
   * before the given day (e.g. the 2013 rules for cars sold before 2022, WARRANTY_RULES.md Q1).
   */
  readonly stillAppliesTo?: PolicyClause & { readonly periodsStartedBefore: string };
  readonly scope: PolicyClause & { readonly uses: readonly VehicleUse[] };
  readonly start: PolicyClause & {
    readonly basis: StartBasis;
    /** A vehicle replaced under this policy starts new periods (`vehicle.periodsRestartedAt`). */
    readonly restartsWithReplacement?: boolean;
  };
  readonly usageCompensation?: PolicyClause & {
    readonly defaultRate: number;
    readonly minRate: number;
    readonly maxRate: number;
  };
  /** Causes that void this policy's coverage for the problem concerned. */
  readonly exclusions: readonly ExclusionClause[];
  /** Causes this policy says are NOT grounds to refuse (e.g. servicing at an independent shop). */
  readonly notGrounds?: readonly ExclusionClause[];
  readonly rules: readonly PolicyRule[];
}

/** All loaded versions, validated. */
export interface PolicySet {
  readonly policies: readonly WarrantyPolicy[];
}
