import type { EventTypesOf, WorkflowEvents } from '../../libs/kernel/index.js';
/** The one event a service event records: the dealer's management system reported it. */
export const ServiceEventEvents = {
  received: 'ServiceEventReceived',
} as const;

export const CUSTOMER_CLASSES = ['A', 'B', 'C'] as const;

/** Every event a service event records, as a union discriminated by `type`. */
export type ServiceEventEvent = WorkflowEvents<EventTypesOf<typeof ServiceEventEvents>>;
