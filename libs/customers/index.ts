export * from './customer-record-queries.js';
export * from './customer-records.projection.js';
export * from './phone-fingerprint.js';
export * from './lost-customer-sweep.js';
