import type { CaseContext } from '../../libs/kernel/index.js';
import type { EligibilityDecision, EligibilityRequest } from './eligibility/eligibility-request.js';
import type { ClaimPricing } from './pricing/price-claim.js';
import type { WholeVehicleResult } from './v4/whole-vehicle.js';

export interface WarrantyClaimContext extends CaseContext {
  readonly repairOrderId: string;
  readonly vehicle: EligibilityRequest['vehicle'] & { readonly mileageKm: number };
  readonly fault: EligibilityRequest['fault'] & { readonly description: string };
  readonly parts: readonly {
    readonly partNo: string;
    readonly class: string;
    readonly quantity: number;
    /** For a part under its own warranty: installed at an authorized dealer on this day (seed 001). */
    readonly installedAt?: string;
    readonly boughtAtAuthorizedDealer?: boolean;
  }[];
  readonly exclusions: readonly string[];
  readonly laborCents: number;
  readonly partsCents: number;
  /** The OEM pays at most the system price: labour plus parts. */
  readonly systemPriceCents: number;
  readonly currency: string;
  readonly serviceCompletedAt: string;
  /** The day the customer reported the fault, when the clerk gave it: eligibility is judged on that day. */
  readonly faultReportedAt: string | null;
  readonly qualityProblem: boolean | null;
  readonly qualityNotes: string | null;
  /** The eligibility decision recorded with the determination, with the policy version that made it. */
  readonly eligibility: EligibilityDecision | null;
  /** Set by the SLA sweeper's breach: the 10-day filing deadline passed before the claim was submitted. */
  readonly filingDeadlineMissed: boolean;
  readonly filingDueAt: string | null;
  readonly submittedAt: string | null;
  readonly waybill: string | null;
  readonly oldPartsReceivedAt: string | null;
  /** v2: the tag on each returned part, one per claimed part number. */
  readonly oldPartTags?: readonly { readonly partNo: string; readonly tag: string }[];
  /** v2: the old-parts return clock ran out before the parts arrived. */
  readonly oldPartsReturnMissed?: boolean;
  /** v2: the OEM's inspection of the returned parts (「确认是零件原因引起的故障后」) and their disposition. */
  readonly inspection?: {
    readonly partCausedFailure: boolean;
    readonly findings: string;
    readonly disposition: string;
    readonly at: string;
  } | null;
  readonly approvedCents: number | null;
  readonly rejectionReason: string | null;
  readonly paymentReference: string | null;
  readonly callback: {
    readonly satisfaction: string;
    readonly courtesy: string | null;
    readonly convenience: string | null;
    readonly customerPaid: boolean;
    readonly at: string;
  } | null;
  readonly withdrawalReason: string | null;
  /** v4: the customer's sensitivity, for the preferential claim a not-eligible claim may lead to. */
  readonly customerSensitivity?: readonly string[];
  /** v4: the claim priced from the OEM price list, with its version; `systemPriceCents` is its total. */
  readonly pricing?: ClaimPricing | null;
  /** v4: a whole-vehicle claim (整车索赔) granted at the determination: its own path, no labour + parts. */
  readonly wholeVehicle?: WholeVehicleResult | null;
  readonly wholeVehicleDecision?: {
    readonly remedy: string;
    readonly notes: string;
    readonly at: string;
  } | null;
  /** v4: the OEM's follow-up of a customer who paid for a warranty repair (callback `customerPaid`). */
  readonly customerPaidFollowUp?: {
    readonly paymentResolution: string;
    readonly notes: string;
    readonly at: string;
  } | null;
  readonly customerPaidFollowUpMissed?: boolean;
  /** v4: the preferential claim opened, linked, for a not-eligible claim with a preferential candidate. */
  readonly preferentialClaimId?: string | null;
  /** v3 on: who acted for the dealer on the claim (opened, determined, filed, shipped); never the OEM's side. */
  readonly dealerSide?: readonly string[];
}
