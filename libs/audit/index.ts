export * from './audit-export.js';
export * from './export-anchor.js';
export * from './export-format.js';
export * from './verification-report.js';
