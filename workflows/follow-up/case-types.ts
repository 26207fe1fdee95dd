/** The case types of the follow-up slice, for the entry points that start them (apps/api/src/follow-ups). */
export const FOLLOW_UP = 'follow-up';
export const SERVICE_EVENT = 'service-event';
export const COMPLAINT = 'complaint';
