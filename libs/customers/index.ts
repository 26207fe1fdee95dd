export * from './customer-record-queries.js';
export * from './customer-record-reads.js';
export * from './customer-records.projection.js';
export * from './phone-fingerprint.js';
export * from './lost-customer-sweep.js';
export * from './customer-rows.js';
export * from './lost-customer-reads.js';
export * from './postgres/index.js';
