import {
  REPORT_TOPICS,
  reportText,
  satisfactionAnswer,
  type ReportFact,
  type ReportFacts,
} from '../../libs/kernel/index.js';
import { ComplaintEvents } from './events.js';

const TOPIC = REPORT_TOPICS.complaints;
const on = (set: ReportFact['set'], elapsed?: string[]): ReportFact[] => [
  { topic: TOPIC, set, ...(elapsed !== undefined ? { elapsed } : {}) },
];

/** A complaint counts once a repeat when the same vehicle complained in the 90 days before (docs/reports.md). */
export const REPEAT_WITHIN_DAYS = 90;

/**
 * What a complaint contributes to the reports: the complaints report (received, by category and channel;
 * closed, with the time to close; dismissed; a repeat of the same VIN within 90 days) and the satisfaction
 * given at the 7-day follow-up (seed 001 「投诉回访」).
 */
export const complaintReportFacts: ReportFacts = {
  [ComplaintEvents.received]: (event) => [
    {
      topic: TOPIC,
      open: {
        at: event.occurredAt,
        dims: { category: reportText(event.data, 'category'), channel: reportText(event.data, 'channel') },
        repeatOf: { key: reportText(event.data, 'vehicle.vin') ?? '', withinDays: REPEAT_WITHIN_DAYS },
      },
      set: { received: 1 },
    },
  ],
  [ComplaintEvents.closed]: () => on({ closed: 1 }, ['closeSeconds']),
  [ComplaintEvents.reopened]: () => on({ closed: 0, closeSeconds: 0 }),
  [ComplaintEvents.dismissed]: (event) => (event.toState === 'dismissed' ? on({ dismissed: 1 }) : []),
  [ComplaintEvents.dismissalApproved]: (event) => (event.toState === 'dismissed' ? on({ dismissed: 1 }) : []),
  [ComplaintEvents.followUpRecorded]: (event) =>
    satisfactionAnswer(event, 'complaint-follow-up', reportText(event.data, 'satisfaction')),
};
