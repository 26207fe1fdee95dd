export * from './audit-index.projection.js';
export * from './case-owners.js';
export * from './case-queries.js';
export * from './cases.projection.js';
export * from './projection-runner.js';
export * from './projection.js';
export * from './read-scope-clause.js';
export * from './statement-cache.js';
