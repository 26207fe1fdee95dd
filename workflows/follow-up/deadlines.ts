import type { DeadlineRule } from '../../libs/kernel/index.js';
import { FollowUpEvents, WINDOW_DEADLINE } from './events.js';
import type { FollowUpPlanSet } from './plan.js';

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
  for (const plan of plans.plans) {
    for (const calls of Object.values(plan.triggers)) for (const call of calls) ends.add(call.windowEnd);
  }
  return [...ends].map((windowEnd) => ({
    caseType: 'follow-up',
    kind: WINDOW_DEADLINE,
    startOn: [
      {
        eventType: FollowUpEvents.scheduled,
        when: { field: 'windowEnd', in: [windowEnd] },
        startAtField: 'triggeredAt',
      },
    ],
    stopOn: [FollowUpEvents.completed],
    cancelOn: [FollowUpEvents.cancelled],
    cancelInStates: ['unreachable'],
    duration: windowEnd,
    warnAt: 0.75,
    calendar: 'calendar' as const,
    accountableRole: 'customer_service' as const,
    breachAction: 'record-breach',
    breachEvent: FollowUpEvents.windowMissed,
    source: `follow-up plan: call within ${windowEnd} of the trigger (seeds 000, 001, 002, 004)`,
  }));
}
