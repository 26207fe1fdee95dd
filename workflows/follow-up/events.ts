import type { EventTypesOf, WorkflowEvents } from '../../libs/kernel/index.js';
/** The events a follow-up call records. */
export const FollowUpEvents = {
  scheduled: 'FollowUpScheduled',
  attemptRecorded: 'FollowUpAttemptRecorded',
  completed: 'FollowUpCompleted',
  cancelled: 'FollowUpCancelled',
  complaintOpened: 'FollowUpComplaintOpened',
  windowMissed: 'FollowUpWindowMissed',
} as const;

export const ATTEMPT_OUTCOMES = ['reached', 'not_reached', 'wrong_number'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** The seed's 7-level satisfaction scale [001], best first: the same scale as the complaint follow-up. */
export const SATISFACTION_LEVELS = [
  'very_satisfied',
  'satisfied',
  'fairly_satisfied',
  'neutral',
  'somewhat_dissatisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

export const CANCEL_REASONS = ['opted_out', 'vehicle_sold', 'duplicate', 'other'] as const;

/** The one clock of a follow-up: the call's window, due when it closes. */
export const WINDOW_DEADLINE = 'window';

/** Every event a follow up records, as a union discriminated by `type`. */
export type FollowUpEvent = WorkflowEvents<EventTypesOf<typeof FollowUpEvents>>;
