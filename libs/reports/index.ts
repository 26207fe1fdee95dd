export * from './report-day.js';
export * from './report-definitions.js';
export * from './report-formats.js';
export * from './report-query.js';
export * from './reports.projection.js';
export * from './report-rows.js';
export * from './postgres/index.js';
