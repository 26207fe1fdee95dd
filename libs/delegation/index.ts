export * from './delegation-book.js';
export * from './delegations.projection.js';
