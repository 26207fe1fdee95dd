import type { Role } from '../kernel/index.js';
import { DEFAULT_BUSINESS_CALENDAR, validateCalendar, type BusinessCalendar } from './business-calendar.js';
import { InvalidDurationError, parseIsoDuration } from './iso-duration.js';

/** Starts a clock when this event is recorded (and, optionally, its payload matches). */
export interface ClockStart {
  readonly eventType: string;
  /** Only when `data[field]` equals one of `in`. */
  readonly when?: { readonly field: string; readonly in: readonly unknown[] };
  /** Start at the time in `data[startAtField]` instead of the event time (e.g. serviceCompletedAt). */
  readonly startAtField?: string;
}

/** One deadline kind of one case type: data, not code. */
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
  /** ISO-8601, e.g. PT24H. */
  readonly duration: string;
  /** Fraction of the duration after which the deadline shows a warning. */
  readonly warnAt: number;
  readonly calendar: 'calendar' | 'business';
  /** Who must act before it is due (the SLA report groups by it). */
  readonly accountableRole: Role;
  /** The action the sweeper sends when it falls due. */
  readonly breachAction: string;
  /** Where the seeds name it. */
  readonly source: string;
}

export interface DeadlinePolicy {
  readonly version: number;
  readonly rules: readonly DeadlineRule[];
  /** Working-time calendars by dealer id; `default` applies to dealers without their own. */
  readonly calendars: Readonly<Record<string, BusinessCalendar>>;
}

const DISSATISFIED = ['somewhat_dissatisfied', 'dissatisfied', 'very_dissatisfied'];

/**
 * The seeds' clocks (DOMAIN.md "SLA clocks"), all in calendar time: the seeds state elapsed time
 * ("within 24 hours", "within 7 days", "0–10 days"), not working time.
 */
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  version: 1,
  calendars: { default: DEFAULT_BUSINESS_CALENDAR },
  rules: [
    {
      caseType: 'complaint',
      kind: 'feedback',
      startOn: [
        { eventType: 'ComplaintVerified' },
        { eventType: 'ComplaintReopened' },
        { eventType: 'ComplaintFollowUpRecorded', when: { field: 'satisfaction', in: DISSATISFIED } },
      ],
      stopOn: ['ComplaintFeedbackReported'],
      cancelOn: ['ComplaintDismissed', 'ComplaintClosed'],
      duration: 'PT24H',
      warnAt: 0.8,
      calendar: 'calendar',
      accountableRole: 'service_advisor',
      breachAction: 'record-breach',
      source: '001: feedback within 24 hours of the internal work order',
    },
    {
      caseType: 'complaint',
      kind: 'follow-up',
      startOn: [{ eventType: 'ComplaintSatisfactionConfirmed', when: { field: 'satisfied', in: [true] } }],
      stopOn: ['ComplaintFollowUpRecorded'],
      cancelOn: ['ComplaintClosed', 'ComplaintReopened', 'ComplaintDismissed'],
      duration: 'P7D',
      warnAt: 0.8,
      calendar: 'calendar',
      accountableRole: 'customer_service',
      breachAction: 'record-breach',
      source: '001: follow-up within 7 days after the customer is satisfied',
    },
    {
      caseType: 'warranty-claim',
      kind: 'filing',
      startOn: [{ eventType: 'WarrantyClaimOpened', startAtField: 'serviceCompletedAt' }],
      stopOn: ['WarrantyClaimSubmitted'],
      cancelOn: ['WarrantyClaimWithdrawn'],
      cancelInStates: ['not_eligible', 'withdrawn', 'rejected', 'closed'],
      duration: 'P10D',
      warnAt: 0.8,
      calendar: 'calendar',
      accountableRole: 'claims_clerk',
      breachAction: 'record-breach',
      source: '002: claims filed within 10 days after the service',
    },
  ],
};

export class SlaConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid SLA configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** `SLA_COMPLAINT_FOLLOW_UP` for (complaint, follow-up). */
export function overrideVariable(caseType: string, kind: string): string {
  return `SLA_${caseType}_${kind}`.toUpperCase().replace(/-/g, '_');
}

/**
 * The policy with `SLA_<CASE_TYPE>_<KIND>` duration overrides and an optional `SLA_BUSINESS_CALENDARS`
 * (JSON: `{ "default": {…}, "D001": {…} }`) applied; every bad value is named in one error.
 */
export function policyFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  base: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): DeadlinePolicy {
  const problems: string[] = [];
  const rules = base.rules.map((rule) => {
    const variable = overrideVariable(rule.caseType, rule.kind);
    const value = env[variable];
    if (value === undefined || value === '') return rule;
    try {
      parseIsoDuration(value);
    } catch (error) {
      problems.push(`${variable}: ${(error as InvalidDurationError).message}`);
      return rule;
    }
    return { ...rule, duration: value };
  });
  const known = new Set(base.rules.map((rule) => overrideVariable(rule.caseType, rule.kind)));
  for (const name of Object.keys(env)) {
    if (
      /^SLA_[A-Z_]+$/.test(name) &&
      !known.has(name) &&
      !['SLA_SWEEP_INTERVAL', 'SLA_BUSINESS_CALENDARS'].includes(name)
    ) {
      problems.push(`${name}: no such deadline; known: ${[...known].join(', ')}`);
    }
  }
  let calendars = base.calendars;
  const calendarsJson = env.SLA_BUSINESS_CALENDARS;
  if (calendarsJson) {
    try {
      const parsed = JSON.parse(calendarsJson) as Record<string, Partial<BusinessCalendar>>;
      calendars = Object.fromEntries(
        Object.entries(parsed).map(([dealer, calendar]) => [
          dealer,
          { ...DEFAULT_BUSINESS_CALENDAR, ...calendar },
        ]),
      );
      for (const [dealer, calendar] of Object.entries(calendars)) {
        problems.push(...validateCalendar(calendar, `SLA_BUSINESS_CALENDARS.${dealer}`));
      }
    } catch (error) {
      problems.push(`SLA_BUSINESS_CALENDARS: not valid JSON (${(error as Error).message})`);
    }
  }
  for (const rule of rules) {
    if (!(rule.warnAt > 0 && rule.warnAt < 1))
      problems.push(`${rule.caseType}/${rule.kind}: warnAt must be between 0 and 1`);
  }
  if (problems.length > 0) throw new SlaConfigurationError(problems);
  return { ...base, rules, calendars };
}

/** `SLA_SWEEP_INTERVAL` (default PT30S) in milliseconds. */
export function sweepIntervalFromEnvironment(env: Readonly<Record<string, string | undefined>>): number {
  const value = env.SLA_SWEEP_INTERVAL || 'PT30S';
  try {
    const duration = parseIsoDuration(value);
    if (duration.years !== 0 || duration.months !== 0)
      throw new InvalidDurationError('use seconds, minutes or hours');
    return duration.milliseconds;
  } catch (error) {
    throw new SlaConfigurationError([`SLA_SWEEP_INTERVAL: ${(error as Error).message}`]);
  }
}
