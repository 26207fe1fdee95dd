import type { CaseContext } from '../../libs/kernel/index.js';
import type { AttemptOutcome, Satisfaction } from './events.js';

/** A follow-up call's case data (types only: each released version assigns it in its own folder). */
export interface FollowUpContext extends CaseContext {
  /** The service event that asked for the call; the customer's contact data lives there. */
  readonly serviceEventId: string;
  readonly triggerKind: string;
  readonly triggeredAt: string;
  /** Which of the plan's calls for that trigger this is (0, 1, …). */
  readonly callIndex: number;
  readonly purpose: string;
  readonly vin: string;
  readonly channel: string;
  readonly windowStartsAt: string;
  readonly windowEndsAt: string;
  readonly maxAttempts: number;
  /** The plan version that scheduled it: a newer plan never changes a call already scheduled. */
  readonly planVersion: number;
  /** Attempts that ended without reaching the customer. */
  readonly notReached: number;
  readonly lastOutcome: AttemptOutcome | null;
  readonly satisfaction: Satisfaction | null;
  /** True once the window closed before the call was completed. */
  readonly late: boolean;
  readonly complaintId: string | null;
}
