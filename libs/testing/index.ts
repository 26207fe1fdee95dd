export * from './actors.js';
export * from './workflow-specification.js';
export * from './errand.workflow.js';
export * from './event-store.conformance.js';
export * from './postgres-cluster.js';
export * from './ticket.workflow.js';
export * from './webhook-subscription.js';
export * from './network-partition.js';
