export * from './postgres-delegation-queries.js';
export * from './postgres-delegations.projection.js';
