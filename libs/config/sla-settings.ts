import {
  SlaConfigurationError,
  deadlinePolicyOf,
  isDurationOverride,
  parseIsoDuration,
  policyFromEnvironment,
  sweepIntervalFromEnvironment,
} from '../sla/index.js';

/**
 * What is wrong with the SLA_* settings as far as configuration alone can tell: every duration override
 * is an ISO 8601 duration, the sweep interval and the business calendars are valid. Whether an override
 * names a clock of a running workflow is checked when the runtime builds its deadline policy.
 */
export function slaSettingProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!isDurationOverride(name) || value === undefined || value === '') continue;
    try {
      parseIsoDuration(value);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  const checks = [
    () => policyFromEnvironment({ SLA_BUSINESS_CALENDARS: env.SLA_BUSINESS_CALENDARS }, deadlinePolicyOf([])),
    () => sweepIntervalFromEnvironment(env),
  ];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof SlaConfigurationError)) throw error;
      problems.push(...error.problems);
    }
  }
  return problems;
}
