export * from './business-calendar.js';
export * from './deadline-policy.js';
export * from './deadline-queries.js';
export * from './deadline.projection.js';
export * from './deadline-status.js';
export * from './iso-duration.js';
export * from './sla-sweeper.js';
export * from './periodic-task.js';
