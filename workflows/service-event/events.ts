/** The one event a service event records: the dealer's management system reported it. */
export const ServiceEventEvents = {
  received: 'ServiceEventReceived',
} as const;

export const CUSTOMER_CLASSES = ['A', 'B', 'C'] as const;
