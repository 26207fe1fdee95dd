import { dateOf, repairDays, spanEnd } from './calendar-dates.js';
import type { EligibilityRequest } from './eligibility-request.js';
import type { RepairHistoryRule, Span } from './policy.js';

type PastRepair = NonNullable<EligibilityRequest['history']>['repairs'][number];

/** What a repair-history rule counted, and for main parts which part. */
export interface Tally {
  readonly count: number;
  readonly detail: string;
}

/** Earlier repairs that started inside the span (Art. 24 counts inside the replacement period only). */
function repairsInside(request: EligibilityRequest, start: Date, span: Span): PastRepair[] {
  const end = spanEnd(start, span);
  return (request.history?.repairs ?? []).filter((repair) => {
    const started = dateOf(repair.startedAt);
    return started >= start && (end === undefined || started <= end);
  });
}

/**
 * Counts what the rule measures for this fault, or null when the measure does not concern this fault
 * (e.g. no serious safety failure now, or a fault outside the rule's systems).
 */
export function tally(request: EligibilityRequest, start: Date, rule: RepairHistoryRule): Tally | null {
  const fault = request.fault;
  if (rule.systems !== undefined && !rule.systems.includes(fault.system)) return null;
  const past = repairsInside(request, start, rule.within).filter(
    (repair) => rule.systems === undefined || rule.systems.includes(repair.system),
  );
  switch (rule.measure) {
    case 'same_problem_repairs': {
      if (fault.problemKey === undefined) return null;
      const count = past.filter((repair) => repair.problemKey === fault.problemKey).length + 1;
      return { count, detail: `repair ${count} of problem ${fault.problemKey}` };
    }
    case 'serious_safety_failure_repairs': {
      // "still not eliminated, or a new one appears" (Art. 24(一)): any earlier serious safety repair counts.
      if (fault.seriousSafetyFailure !== true) return null;
      const count = past.filter((repair) => repair.seriousSafetyFailure === true).length;
      return { count, detail: `${count} earlier serious safety failure repairs` };
    }
    case 'assembly_replacements': {
      const count = past.filter(
        (repair) => repair.system === fault.system && repair.assemblyReplaced === true,
      ).length;
      return { count, detail: `${fault.system} replaced ${count} times` };
    }
    case 'main_part_replacements': {
      if (fault.mainPart !== true) return null;
      const perPart = new Map<string, number>();
      for (const repair of past) {
        if (repair.system !== fault.system || repair.mainPartReplaced === undefined) continue;
        perPart.set(repair.mainPartReplaced, (perPart.get(repair.mainPartReplaced) ?? 0) + 1);
      }
      const [part, count] = [...perPart].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
      return { count, detail: count === 0 ? 'no main part replaced' : `${part} replaced ${count} times` };
    }
    case 'repair_days': {
      const earlier = past.reduce(
        (sum, repair) => sum + repairDays(repair.startedAt, repair.completedAt, repair.excludedHours),
        0,
      );
      const current = request.currentRepair;
      const now = current
        ? repairDays(current.startedAt, current.completedAt ?? request.at, current.excludedHours)
        : 0;
      return { count: earlier + now, detail: `${earlier + now} repair days` };
    }
  }
}

export function thresholdMet(rule: RepairHistoryRule, count: number): boolean {
  return rule.atLeast !== undefined ? count >= rule.atLeast : count > (rule.moreThan ?? Infinity);
}
