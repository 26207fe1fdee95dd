export * from './event-store.port.js';
export * from './memory/memory-event-store.js';
