import type { DeadlineRule, WorkflowModule } from '../kernel/index.js';
import { DEFAULT_BUSINESS_CALENDAR, validateCalendar, type BusinessCalendar } from './business-calendar.js';
import { InvalidDurationError, parseIsoDuration } from './iso-duration.js';

export type { ClockStart, DeadlineRule } from '../kernel/index.js';

export interface DeadlinePolicy {
  readonly version: number;
  readonly rules: readonly DeadlineRule[];
  /** Working-time calendars by dealer id; `default` applies to dealers without their own. */
  readonly calendars: Readonly<Record<string, BusinessCalendar>>;
}

/**
 * The policy made of the workflows' own clocks, on the default calendar until configuration says
 * otherwise (`policyFromEnvironment`).
 */
export function deadlinePolicyOf(modules: readonly Pick<WorkflowModule, 'deadlines'>[]): DeadlinePolicy {
  return {
    version: 1,
    calendars: { default: DEFAULT_BUSINESS_CALENDAR },
    rules: modules.flatMap((module) => module.deadlines),
  };
}

export class SlaConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid SLA configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** `SLA_COMPLAINT_FOLLOW_UP` for (complaint, follow-up). */
export function overrideVariable(caseType: string, kind: string): string {
  return `SLA_${caseType}_${kind}`.toUpperCase().replace(/-/g, '_');
}

/** The SLA settings every engine has, whatever its workflows; every other `SLA_*` names a clock. */
const ENGINE_SLA_SETTINGS: readonly string[] = ['SLA_SWEEP_INTERVAL', 'SLA_BUSINESS_CALENDARS'];

/** Whether this variable overrides a clock's duration (`SLA_<CASE_TYPE>_<KIND>`), known or not. */
export function isDurationOverride(name: string): boolean {
  return /^SLA_[A-Z_]+$/.test(name) && !ENGINE_SLA_SETTINGS.includes(name);
}

/**
 * The policy with `SLA_<CASE_TYPE>_<KIND>` duration overrides and an optional `SLA_BUSINESS_CALENDARS`
 * (JSON: `{ "default": {…}, "D001": {…} }`) applied; every bad value is named in one error.
 */
export function policyFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  base: DeadlinePolicy,
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
    if (isDurationOverride(name) && !known.has(name)) {
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
