import { describe, it } from '@jest/globals';
import { describeEventStoreConformance, startPostgres } from '../../libs/testing/index.js';
import { PostgresEventStore } from '../../libs/event-store/index.js';

/**
 * The conformance suite against a real PostgreSQL: TEST_DATABASE_URL when set, else a throwaway cluster
 * from the distribution's initdb/pg_ctl; skipped with one line saying why only where neither exists
 * (and never in CI, which sets REQUIRE_POSTGRES=1).
 */
const target = await startPostgres();

if ('skip' in target) {
  console.log(`PostgreSQL conformance skipped: ${target.skip}`);
  describe.skip('EventStore conformance: PostgreSQL', () => {
    it.skip(target.skip, () => undefined);
  });
} else {
  describeEventStoreConformance(`PostgreSQL (${target.source})`, {
    open: () => PostgresEventStore.open({ connectionString: target.url }),
    dispose: async (store) => {
      await store.close();
      await target.stop();
    },
    eventIdsUniqueAcrossStreams: true,
  });
}
