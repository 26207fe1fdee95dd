import type { Role } from './role.js';

/** Starts a clock when this event is recorded (and, optionally, its payload matches). */
export interface ClockStart {
  readonly eventType: string;
  /** Only when `data[field]` equals one of `in`. */
  readonly when?: { readonly field: string; readonly in: readonly unknown[] };
  /** Start at the time in `data[startAtField]` instead of the event time (e.g. serviceCompletedAt). */
  readonly startAtField?: string;
  /** Only for cases on these machine versions: a later version may start the same clock at another step. */
  readonly machineVersions?: readonly number[];
  /** Charge the clock to the role named in `data[accountableRoleField]` instead of the rule's role. */
  readonly accountableRoleField?: string;
}

/**
 * How a clock stands still for a while, recorded as events. A pause stops a clock that runs and is not yet
 * due; the resume moves its due and warning times by exactly the paused time, so paused time never counts
 * toward a breach. A pause recorded at or after the due time changes nothing: the breach stands.
 */
export interface ClockPausing {
  /** Recording one of these with `data[deadlineField]` equal to the rule's kind pauses the clock. */
  readonly pauseOn: readonly string[];
  /** Recording one of these with `data[deadlineField]` equal to the rule's kind resumes it. */
  readonly resumeOn: readonly string[];
  /** The payload field naming the clock (a rule's kind). */
  readonly deadlineField: string;
  /** The payload field holding why it is paused, shown on the clock. */
  readonly reasonField: string;
}

/**
 * One deadline kind of one case type, declared by its workflow as data: which events start, meet, pause and
 * cancel the clock, how long it runs, who is accountable, and which action and event record a breach.
 */
export interface DeadlineRule {
  readonly caseType: string;
  readonly kind: string;
  readonly startOn: readonly ClockStart[];
  /** Recording one of these meets the deadline (or ends a breached one). */
  readonly stopOn: readonly string[];
  /** Recording one of these ends a pending clock without a verdict (the case was closed or dismissed). */
  readonly cancelOn: readonly string[];
  /** Any event that leaves the case in one of these states ends a pending clock without a verdict. */
  readonly cancelInStates?: readonly string[];
  /** Absent: the clock never pauses. */
  readonly pausing?: ClockPausing;
  /** ISO-8601, e.g. PT24H. */
  readonly duration: string;
  /** Fraction of the duration after which the deadline shows a warning. */
  readonly warnAt: number;
  readonly calendar: 'calendar' | 'business';
  /** Who must act before it is due (the SLA report groups by it). */
  readonly accountableRole: Role;
  /** The action the sweeper sends when it falls due. */
  readonly breachAction: string;
  /** The event that action records; with `data.kind` equal to this rule's kind it marks the clock breached. */
  readonly breachEvent: string;
  /**
   * The breach event's payload field naming the role charged with the breach (whoever held the case when
   * the clock ran out); absent or empty, the clock's accountable role keeps it.
   */
  readonly breachChargedToField?: string;
  /** Where the seeds name it. */
  readonly source: string;
}
