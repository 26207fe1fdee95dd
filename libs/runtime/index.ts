export * from './data-dir-lock.js';
export * from './engine-runtime.js';
export * from './logger.js';
export * from './open-event-store.js';
export * from './open-personal-data-vault.js';
export * from './open-runtime.js';
export * from './runtime.js';
export * from './sla-runtime.js';
