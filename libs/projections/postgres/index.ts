export * from './positional-parameters.js';
export * from './postgres-case-queries.js';
export * from './postgres-cases.projection.js';
export * from './postgres-projection-runner.js';
export * from './postgres-projection.js';
export * from './projection-notifications.js';
export * from './postgres-audit-index.projection.js';
export * from './postgres-audit-queries.js';
