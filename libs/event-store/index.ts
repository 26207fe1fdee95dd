export * from './event-store.port.js';
export * from './memory/memory-event-store.js';
export * from './log-follower.js';
export * from './sqlite/private-files.js';
export * from './sqlite/sqlite-event-store.js';
export { encodeEventRow } from './sqlite/sqlite-event-row.mjs';
export * from './postgres/postgres-advisory-duty.js';
export * from './postgres/postgres-event-store.js';
export * from './postgres/postgres-import.js';
export * from './postgres/postgres-schema.js';
export * from './postgres/postgres-pool.js';
export type * from './esdb/esdb-event-store.js';
import type { EsdbEventStore } from './esdb/esdb-event-store.js';

/** The EventStoreDB adapter, loaded only when chosen: its gRPC client is heavy and the embedded default never needs it. */
export async function loadEsdbEventStore(): Promise<typeof EsdbEventStore> {
  return (await import('./esdb/esdb-event-store.js')).EsdbEventStore;
}
