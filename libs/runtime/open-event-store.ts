import { join } from 'node:path';
import {
  loadEsdbEventStore,
  preparePrivateDirectory,
  SqliteEventStore,
  type EventStore,
} from '../event-store/index.js';
import type { Clock } from '../kernel/index.js';
import type { AppConfig } from '../config/index.js';

/** The store chosen by EVENT_STORE: the embedded SQLite file, a PostgreSQL database, or an EventStoreDB/KurrentDB cluster. */
export async function openEventStore(
  config: AppConfig,
  clock: Clock,
  logger?: { error(object: object, message?: string): void; info(object: object, message?: string): void },
): Promise<EventStore> {
  if (config.eventStore === 'esdb') {
    const EsdbEventStore = await loadEsdbEventStore();
    const store = new EsdbEventStore({ connectionString: config.esdbConnectionString! });
    await store.ping();
    return store;
  }
  if (config.eventStore === 'postgres') {
    const { PostgresEventStore } = await import('../event-store/index.js');
    return PostgresEventStore.open({ connectionString: config.databaseUrl!, clock });
  }
  preparePrivateDirectory(config.dataDir);
  return new SqliteEventStore({
    path: join(config.dataDir, 'events.sqlite'),
    synchronous: config.sqliteSynchronous,
    groupCommit: config.sqliteGroupCommit,
    writerThread: config.sqliteWriterThread,
    clock,
    onWriterThreadFailure: (error) =>
      logger?.error(
        { err: error },
        'SQLite writer thread failed; group commits run on the event loop from now on',
      ),
    onEventsFileConverted: ({ events, milliseconds }) =>
      logger?.info(
        { events, milliseconds: Math.round(milliseconds) },
        'Event file converted to the current format (docs/operations.md)',
      ),
  });
}
