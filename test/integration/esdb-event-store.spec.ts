import { describe, it } from '@jest/globals';
import { loadEsdbEventStore } from '../../libs/event-store/index.js';
import { describeEventStoreConformance } from '../../libs/testing/index.js';
import { eventStoreDbTarget } from './eventstoredb-target.js';

/**
 * The same conformance suite against a real EventStoreDB/KurrentDB: ESDB_URL when set, else a container
 * started through testcontainers when a Docker engine answers, else skipped with one line saying why.
 */
const target = await eventStoreDbTarget();

if (target.kind === 'skip') {
  console.log(`EventStoreDB conformance skipped: ${target.reason}`);
  describe.skip('EventStore conformance: EventStoreDB', () => {
    it.skip(target.reason, () => undefined);
  });
} else {
  describeEventStoreConformance(`EventStoreDB (${target.kind})`, {
    open: async () => new (await loadEsdbEventStore())({ connectionString: target.connectionString }),
    dispose: async (store) => {
      await store.close();
      await target.stop();
    },
    eventIdsUniqueAcrossStreams: false,
  });
}
