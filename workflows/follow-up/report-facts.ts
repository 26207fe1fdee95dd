import {
  REPORT_TOPICS,
  reportText,
  satisfactionAnswer,
  type ReportFact,
  type ReportFacts,
  type ReportValue,
} from '../../libs/kernel/index.js';
import { FollowUpEvents } from './events.js';
import { CUSTOMER_LOST } from './plan.js';

const CALLS = REPORT_TOPICS.followUpCalls;
const LOST = REPORT_TOPICS.lostCustomers;

/** The same values on the call's row and, when the call is a lost customer's callback, on that row too. */
const onBoth = (set: Record<string, ReportValue>): ReportFact[] => [
  { topic: CALLS, set },
  { topic: LOST, set },
];

/**
 * What a follow-up call contributes to the reports (seed 004 「维修后的用户回访(3-7 天内),每日统计、每月汇总」):
 * - the follow-up reports file each call under the day its window closes (the day it is due): done on
 *   time (completed before the window closed), done late (completed after the window-missed breach),
 *   missed, reached (an attempt reached the customer, or the call was completed), not reached (the plan's
 *   attempts ran out, or a wrong number), cancelled, and the satisfaction level of a completed call;
 * - a callback of a lost customer (trigger `customer_lost`, 「流失用户维护回访」) also opens a row of the
 *   lost-customers report, filed under the day it was scheduled;
 * - a completed call's satisfaction is an answer of the satisfaction report;
 * - an SMS/e-mail reminder (follow-up v3) is done when the gateway sent it (or the customer replied), on
 *   time as its clock is met; a failed one counts as not reached, a reply as reached.
 */
/** A reminder the gateway delivered is done, as a completed call is: on time unless its window was missed. */
const reminderDone = (event: { fromState: string }): Record<string, ReportValue> => ({
  completed: 1,
  [event.fromState === 'missed' ? 'doneLate' : 'doneOnTime']: 1,
});

export const followUpReportFacts: ReportFacts = {
  [FollowUpEvents.scheduled]: (event) => {
    const trigger = reportText(event.data, 'triggerKind');
    const facts: ReportFact[] = [
      {
        topic: CALLS,
        open: { at: reportText(event.data, 'windowEndsAt') ?? event.occurredAt, dims: { trigger } },
        set: { due: 1 },
      },
    ];
    if (trigger === CUSTOMER_LOST)
      facts.push({ topic: LOST, open: { at: event.occurredAt }, set: { opened: 1 } });
    return facts;
  },
  [FollowUpEvents.attemptRecorded]: (event) => {
    if (reportText(event.data, 'outcome') === 'reached') return onBoth({ reached: 1 });
    return event.toState === 'unreachable' ? onBoth({ notReached: 1 }) : [];
  },
  [FollowUpEvents.completed]: (event) => {
    const level = reportText(event.data, 'satisfaction');
    return [
      ...onBoth({
        reached: 1,
        completed: 1,
        [event.fromState === 'missed' ? 'doneLate' : 'doneOnTime']: 1,
        ...(level !== null ? { [`satisfaction.${level}`]: 1 } : {}),
      }),
      ...satisfactionAnswer(event, 'follow-up-call', level),
    ];
  },
  [FollowUpEvents.windowMissed]: () => onBoth({ missed: 1 }),
  [FollowUpEvents.cancelled]: () => onBoth({ cancelled: 1 }),
  [FollowUpEvents.reminderSent]: (event) => onBoth(reminderDone(event)),
  [FollowUpEvents.reminderFailed]: () => onBoth({ notReached: 1 }),
  // A reply after the reminder was sent only adds that the customer was reached.
  [FollowUpEvents.reminderReplied]: (event) =>
    onBoth({ reached: 1, ...(event.fromState === 'sent' ? {} : reminderDone(event)) }),
};
