import type { DeadlineRule } from '../../libs/kernel/index.js';
import { ComplaintEvents } from './events.js';

const DISSATISFIED = ['somewhat_dissatisfied', 'dissatisfied', 'very_dissatisfied'];

/**
 * The complaint's clocks (DOMAIN.md "SLA clocks"), in calendar time: the seeds state elapsed time
 * ("within 24 hours", "within 7 days"), not working time.
 */
export const complaintDeadlines: readonly DeadlineRule[] = [
  {
    caseType: 'complaint',
    kind: 'feedback',
    startOn: [
      { eventType: ComplaintEvents.verified },
      { eventType: ComplaintEvents.reopened },
      { eventType: ComplaintEvents.followUpRecorded, when: { field: 'satisfaction', in: DISSATISFIED } },
    ],
    stopOn: [ComplaintEvents.feedbackReported],
    cancelOn: [ComplaintEvents.dismissed, ComplaintEvents.closed],
    duration: 'PT24H',
    warnAt: 0.8,
    calendar: 'calendar',
    accountableRole: 'service_advisor',
    breachAction: 'record-breach',
    breachEvent: ComplaintEvents.deadlineBreached,
    source: '001: feedback within 24 hours of the internal work order',
  },
  {
    caseType: 'complaint',
    kind: 'follow-up',
    startOn: [{ eventType: ComplaintEvents.satisfactionConfirmed, when: { field: 'satisfied', in: [true] } }],
    stopOn: [ComplaintEvents.followUpRecorded],
    cancelOn: [ComplaintEvents.closed, ComplaintEvents.reopened, ComplaintEvents.dismissed],
    duration: 'P7D',
    warnAt: 0.8,
    calendar: 'calendar',
    accountableRole: 'customer_service',
    breachAction: 'record-breach',
    breachEvent: ComplaintEvents.deadlineBreached,
    source: '001: follow-up within 7 days after the customer is satisfied',
  },
];
