export * from './delegation-book.js';
export * from './delegation-reads.js';
export * from './delegation-rows.js';
export * from './delegation-statements.js';
export * from './delegations.projection.js';
export * from './postgres/index.js';
