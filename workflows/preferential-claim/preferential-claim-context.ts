import type { CaseContext } from '../../libs/kernel/index.js';
import type { Signature, SignerDecision } from '../approvals/signature.js';
import type { FaultCause } from './events.js';

export interface PreferentialClaimContext extends CaseContext {
  readonly complaintId: string | null;
  readonly applicantId: string;
  readonly customerSensitivity: readonly string[];
  readonly vehicle: Record<string, unknown>;
  readonly faultDescription: string;
  readonly cause: FaultCause;
  readonly vehicleFindings: string | null;
  readonly verifiedBy: string | null;
  readonly qualityProblem: boolean | null;
  readonly qualityNotes: string | null;
  readonly amountCents: number | null;
  readonly currency: string;
  readonly signatures: readonly Signature[];
  readonly auditPassed: boolean | null;
  readonly auditNotes: string | null;
  readonly processedBy: string | null;
  readonly resultNotifiedBy: string | null;
  readonly decisions: readonly SignerDecision[];
  readonly paidAmountCents: number | null;
  readonly paymentReference: string | null;
}
