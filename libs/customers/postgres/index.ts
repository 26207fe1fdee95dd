export * from './postgres-customer-record-queries.js';
export * from './postgres-customer-records.projection.js';
export * from './postgres-customer-rows.js';
export * from './postgres-lost-customer-reads.js';
