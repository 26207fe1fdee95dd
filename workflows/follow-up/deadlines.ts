import type { DeadlineRule } from '../../libs/kernel/index.js';
import { FollowUpEvents, WINDOW_DEADLINE } from './events.js';
import type { FollowUpPlanSet } from './plan.js';
import { windowMilliseconds, windowText } from './window-duration.js';

/**
 * The call's window as an SLA clock (kind `window`): it starts at the trigger time and is due when the
 * window closes, `windowEnd` after the trigger. A rule's duration is fixed, so there is one rule per window
 * end the plans use (every version, so calls scheduled by an older plan keep their clock when the read
 * models are rebuilt), each started only by the calls recorded with that end; it warns at three quarters
 * of the time to it. Completing the call meets it; cancelling it, or a customer who cannot be reached
 * within the plan's attempts, ends it without a verdict.
 */
export function followUpDeadlines(plans: FollowUpPlanSet): DeadlineRule[] {
  const ends = new Set<string>();
  const lengths = new Set<string>();
  for (const plan of plans.plans) {
    for (const calls of Object.values(plan.triggers))
      for (const call of calls) {
        if (call.before === undefined) ends.add(call.windowEnd);
        else
          lengths.add(
            windowText(windowMilliseconds(call.windowStart)! - windowMilliseconds(call.windowEnd)!),
          );
      }
  }
  const afterTrigger = [...ends].map((windowEnd) =>
    windowRule(
      { field: 'windowEnd', in: [windowEnd] },
      'triggeredAt',
      windowEnd,
      `follow-up plan: call within ${windowEnd} of the trigger (seeds 000, 001, 002, 004)`,
    ),
  );
  // A window counted back from a date (a maintenance reminder) opens at a time of its own: its clock
  // starts when it opens and runs for its length, one rule per length the plans use.
  const beforeAnchor = [...lengths].map((windowLength) =>
    windowRule(
      { field: 'windowLength', in: [windowLength] },
      'windowStartsAt',
      windowLength,
      `follow-up plan: remind within the ${windowLength} window before the date (seed 004 「前13日」「前11日」)`,
    ),
  );
  return [...afterTrigger, ...beforeAnchor];
}

function windowRule(
  when: { field: string; in: string[] },
  startAtField: string,
  duration: string,
  source: string,
): DeadlineRule {
  return {
    caseType: 'follow-up',
    kind: WINDOW_DEADLINE,
    startOn: [{ eventType: FollowUpEvents.scheduled, when, startAtField }],
    // A reminder the gateway sent (or the customer answered) is made in time, as a completed call is.
    stopOn: [FollowUpEvents.completed, FollowUpEvents.reminderSent, FollowUpEvents.reminderReplied],
    cancelOn: [FollowUpEvents.cancelled],
    cancelInStates: ['unreachable', 'failed'],
    duration,
    warnAt: 0.75,
    calendar: 'calendar' as const,
    accountableRole: 'customer_service' as const,
    breachAction: 'record-breach',
    breachEvent: FollowUpEvents.windowMissed,
    source,
  };
}
