import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/sqlite/sqlite-event-store.js';
import type { Row } from './bench-row.js';

const BURSTS = 3000;
const WARM_UP = 300;

/**
 * What a follower of the log (the projections, the webhook feeder) pays to read the events just committed:
 * bursts of 1 to 12 concurrent appends through the writer thread, each followed by a read from just before
 * them, by the appending store (answered from the events it committed, CommittedTail) and by a second
 * connection to the same file (which must read the pages again after every commit of the writer thread).
 * Both read the same events; the two figures are one run's pair.
 */
export async function benchLogTail(dir: string): Promise<Row[]> {
  const path = join(dir, 'tail.sqlite');
  const store = new SqliteEventStore({ path });
  const file = new SqliteEventStore({ path, writerThread: false });
  let fromTail = 0;
  let fromFile = 0;
  let events = 0;
  try {
    for (let burst = 0; burst < BURSTS + WARM_UP; burst++) {
      const size = 1 + (burst % 12);
      const results = await Promise.all(
        Array.from({ length: size }, (_, index) =>
          store.append(
            `tail-${burst}-${index}`,
            [
              {
                eventId: `tail-${burst}-${index}`,
                type: 'BenchEvent',
                data: { burst, index },
                metadata: metadataOf(burst),
              },
            ],
            'no_stream',
          ),
        ),
      );
      const after = Math.min(...results.map((result) => result.position)) - 1;
      let started = performance.now();
      const served = await store.readAll({ after, maxCount: 2000, following: true });
      const tailMs = performance.now() - started;
      started = performance.now();
      const read = await file.readAll({ after, maxCount: 2000, following: true });
      const fileMs = performance.now() - started;
      if (served.events.length !== size || read.events.length !== size)
        throw new Error(`log tail: read ${served.events.length} and ${read.events.length} of ${size} events`);
      if (burst < WARM_UP) continue;
      fromTail += tailMs;
      fromFile += fileMs;
      events += size;
    }
  } finally {
    await file.close();
    await store.close();
  }
  const note = `${BURSTS} reads of the 1 to 12 events just committed (${(events / BURSTS).toFixed(1)} on average)`;
  return [
    {
      name: 'follow the log: read just-committed events, appending store',
      value: (fromTail * 1000) / BURSTS,
      unit: 'µs per read',
      note: `${note}, answered from the events it committed`,
    },
    {
      name: 'follow the log: the same read by another connection',
      value: (fromFile * 1000) / BURSTS,
      unit: 'µs per read',
      note: `${note}, read from the file`,
    },
  ];
}

function metadataOf(burst: number): Record<string, unknown> {
  return {
    caseType: 'bench',
    machineVersion: 1,
    action: 'verify',
    actor: { id: 'bench', roles: ['customer_service'] },
    occurredAt: new Date(Date.UTC(2026, 2, 2, 9, 0, burst % 60)).toISOString(),
    hash: 'ab'.repeat(32),
    prevHash: 'cd'.repeat(32),
  };
}
