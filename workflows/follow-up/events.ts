import { SATISFACTION_SCALE, type EventTypesOf, type WorkflowEvents } from '../../libs/kernel/index.js';
/** The events a follow-up call records. */
export const FollowUpEvents = {
  scheduled: 'FollowUpScheduled',
  attemptRecorded: 'FollowUpAttemptRecorded',
  completed: 'FollowUpCompleted',
  cancelled: 'FollowUpCancelled',
  complaintOpened: 'FollowUpComplaintOpened',
  windowMissed: 'FollowUpWindowMissed',
  reminderSent: 'FollowUpReminderSent',
  reminderFailed: 'FollowUpReminderFailed',
  reminderReplied: 'FollowUpReminderReplied',
} as const;

/** What the SMS/e-mail gateway answers about a reminder it was given (docs/follow-ups.md "Reminders"). */
export const REMINDER_RECEIPTS = ['sent', 'failed', 'replied'] as const;
export type ReminderReceipt = (typeof REMINDER_RECEIPTS)[number];

/** A reminder's channels: delivered by the gateway, not dialled by customer service (from machine v3). */
export const REMINDER_CHANNELS = ['sms', 'email'] as const;

export const ATTEMPT_OUTCOMES = ['reached', 'not_reached', 'wrong_number'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** The seed's 7-level satisfaction scale [001], best first: the same scale as the complaint follow-up. */
export const SATISFACTION_LEVELS = SATISFACTION_SCALE;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

/** `not_needed`: seed 004 「如果客户在第一次致电时明确提出不需要进行下一次入厂或预约,则不需要进行第二次致电」. */
export const CANCEL_REASONS = ['opted_out', 'vehicle_sold', 'duplicate', 'not_needed', 'other'] as const;

/** The one clock of a follow-up: the call's window, due when it closes. */
export const WINDOW_DEADLINE = 'window';

/** Every event a follow up records, as a union discriminated by `type`. */
export type FollowUpEvent = WorkflowEvents<EventTypesOf<typeof FollowUpEvents>>;
