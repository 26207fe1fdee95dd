import type { CaseContext } from '../../libs/kernel/index.js';
import type { AttemptOutcome, ReminderReceipt, Satisfaction } from './events.js';

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

/** From machine v3: maintenance reminders counted back from a date, the mileage asked, the gateway's answer. */
export interface FollowUpContextV3 extends FollowUpContext {
  /** The date the window counts back from (the next maintenance date), or null. */
  readonly anchorAt: string | null;
  /** The call must record the customer's current mileage (seed 004 「询问客户最新的行驶里程并输入系统」). */
  readonly recordsMileage: boolean;
  readonly mileageKm: number | null;
  /** The gateway's last answer about an SMS/e-mail reminder and its message id. */
  readonly reminderStatus: ReminderReceipt | null;
  readonly reminderMessageId: string | null;
}
