/** What a dealer's management system reports, each a trigger for follow-up calls (seeds 000, 001, 002, 004). */
export const REPORTED_TRIGGER_KINDS = [
  'repair_completed',
  'vehicle_delivered',
  'maintenance_completed',
  'parts_purchased',
  'technical_upgrade',
] as const;

/**
 * The trigger the lost-customer sweep records for a vehicle not seen for the configured period (seed 004
 * 「负责流失用户维护回访(3 个月未回站用户,月中完成),月底统计汇总」): never reported by a dealer's system.
 * Plans before version 2 have no entry for it (no call).
 */
export const CUSTOMER_LOST = 'customer_lost';

export const TRIGGER_KINDS = [...REPORTED_TRIGGER_KINDS, CUSTOMER_LOST] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const CHANNELS = ['phone', 'sms', 'email'] as const;
export type FollowUpChannel = (typeof CHANNELS)[number];

/**
 * The dates a call's window may count back from instead of the trigger time: `maintenanceDue`, the next
 * maintenance date the dealer's system reports with the service event (`nextMaintenanceDueAt`, seed 004
 * 「根据客户上次保养日期和行驶里程,计算出下次定期保养日期」).
 */
export const WINDOW_ANCHORS = ['maintenanceDue'] as const;
export type WindowAnchor = (typeof WINDOW_ANCHORS)[number];

/**
 * One call (or reminder) a trigger asks for: its window as ISO durations after the trigger time, or, with
 * `before`, as durations before that anchor date (`P13D` … `P12D`: from 13 to 12 days before it).
 */
export interface PlannedCall {
  /** What the call is for, in the seed's words. */
  readonly purpose: string;
  /** e.g. `P3D`: the window opens this long after the trigger (before the anchor, with `before`). */
  readonly windowStart: string;
  /** e.g. `P7D`: the window closes (and the clock is due) this long after the trigger (before the anchor). */
  readonly windowEnd: string;
  /** Absent: the window counts from the trigger time. Present: it counts back from this date. */
  readonly before?: WindowAnchor;
  /** The call must record the customer's current mileage (seed 004 「询问客户最新的行驶里程并输入系统」). */
  readonly recordsMileage?: boolean;
  readonly channel: FollowUpChannel;
  /** Attempts that may end "not reached" before the customer counts as unreachable. */
  readonly maxAttempts: number;
  /** Where the seeds ask for it. */
  readonly source: string;
}

/** One version of the follow-up plan: for each trigger kind, the calls to make. */
export interface FollowUpPlan {
  readonly version: number;
  readonly triggers: Readonly<Record<(typeof REPORTED_TRIGGER_KINDS)[number], readonly PlannedCall[]>> &
    Readonly<Partial<Record<typeof CUSTOMER_LOST, readonly PlannedCall[]>>>;
}

/** Every plan version shipped, oldest first; the newest applies to new triggers. */
export interface FollowUpPlanSet {
  readonly plans: readonly FollowUpPlan[];
}

/** The plan that applies to a trigger received now: the newest version. */
export function currentPlan(set: FollowUpPlanSet): FollowUpPlan {
  return set.plans[set.plans.length - 1]!;
}
