import type { CaseContext, Role } from '../../libs/kernel/index.js';
import type { Signature, SignerDecision } from '../approvals/signature.js';

export interface GoodwillContext extends CaseContext {
  readonly complaintId: string | null;
  readonly applicantId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly lossDescription: string;
  readonly waiver: { readonly signedAt: string; readonly documentRef: string };
  readonly waiverConfirmedBy: string | null;
  /** The dealer paid the customer before applying (emergency, confirmed on site). */
  readonly emergencyAdvance: boolean;
  /** Goodwill is borne by the OEM and not counted in the region's per-vehicle warranty cost (seed 003). */
  readonly countsTowardRegionalWarrantyCost: false;
  /** Index into GOODWILL_SIGNERS of whose turn it is. */
  readonly step: number;
  readonly nextSigner: Role | null;
  readonly signatures: readonly Signature[];
  /** Every round's signatures, kept when a return starts them again. */
  readonly previousRounds: readonly (readonly Signature[])[];
  readonly round: number;
  readonly decisions: readonly SignerDecision[];
  readonly approvedAmountCents: number | null;
  readonly archivedBy: string | null;
  readonly settlementDocuments: readonly string[];
  readonly paidAmountCents: number | null;
  readonly paymentReference: string | null;
}
