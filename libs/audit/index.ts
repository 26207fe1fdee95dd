export * from './export-anchor.js';
export * from './export-format.js';
