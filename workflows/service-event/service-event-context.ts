import type { CaseContext } from '../../libs/kernel/index.js';

/** One follow-up call the plan asked for when the event was received (recorded with it). */
export interface ScheduledCall {
  readonly callIndex: number;
  readonly purpose: string;
  readonly channel: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly windowStartsAt: string;
  readonly windowEndsAt: string;
  readonly maxAttempts: number;
  /** A window counted back from an anchor date (plan `before`): which date, and when it is. */
  readonly before?: string;
  readonly anchorAt?: string;
  /** How long such a window stays open (its clock's duration). */
  readonly windowLength?: string;
  readonly recordsMileage?: boolean;
}

/** A service event's case data (types only). */
export interface ServiceEventContext extends CaseContext {
  readonly externalId: string;
  readonly kind: string;
  readonly occurredAt: string;
  readonly vehicle: { readonly vin: string; readonly plate?: string; readonly model?: string };
  /** Sealed personal data (name, phone) and the class. */
  readonly customer: { readonly name: string; readonly phone: string; readonly class?: string };
  readonly mileageKm: number | null;
  readonly repairOrderId: string | null;
  /** The plan version that applied when the event was received, and the calls it asked for. */
  readonly followUpPlanVersion: number;
  readonly followUpCalls: readonly ScheduledCall[];
}
