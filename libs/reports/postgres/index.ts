export * from './postgres-report-query.js';
export * from './postgres-report-rows.js';
export * from './postgres-reports.projection.js';
