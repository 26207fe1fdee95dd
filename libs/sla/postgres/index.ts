export * from './postgres-deadline-queries.js';
export * from './postgres-deadline.projection.js';
