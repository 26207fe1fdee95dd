import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/sqlite/sqlite-event-store.js';
import { percentile, type Row } from './bench-row.js';
import { benchLogTail } from './log-tail.bench.js';

const payload = {
  findings: 'repair order RO-2026-0301-17 confirms the noise',
  problemClass: 'technical',
  n: 0,
};
const metadata = {
  caseType: 'bench',
  actor: { id: 'bench', roles: ['customer_service'] },
  occurredAt: '2026-03-02T09:00:00.000Z',
};

/** Raw SQLite store figures: durable appends (synchronous=FULL), stream reads and global-log reads. */
export async function benchEventStore(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous: 'FULL' });
  const rows: Row[] = [];
  let id = 0;
  const event = () => ({
    eventId: `bench-${id++}`,
    type: 'BenchEvent',
    data: { ...payload, n: id },
    metadata,
  });
  try {
    const single = 3000;
    let started = performance.now();
    for (let revision = 0; revision < single; revision++) {
      await store.append('bench-single', [event()], revision === 0 ? 'no_stream' : revision - 1);
    }
    rows.push({
      name: 'append, one stream, sequential',
      value: single / ((performance.now() - started) / 1000),
      unit: 'events/s',
      note: 'one transaction + fsync each',
    });

    const streams = 1000;
    started = performance.now();
    await Promise.all(
      Array.from({ length: streams }, async (_, stream) => {
        for (let revision = 0; revision < 3; revision++) {
          await store.append(`bench-many-${stream}`, [event()], revision === 0 ? 'no_stream' : revision - 1);
        }
      }),
    );
    rows.push({
      name: `append, ${streams} streams concurrently`,
      value: (streams * 3) / ((performance.now() - started) / 1000),
      unit: 'events/s',
      note: 'still one transaction per append',
    });

    for (let revision = 0; revision < 100; revision++) {
      await store.append('bench-100', [event()], revision === 0 ? 'no_stream' : revision - 1);
    }
    const samples: number[] = [];
    for (let round = 0; round < 500; round++) {
      const t = performance.now();
      await store.readStream('bench-100');
      samples.push((performance.now() - t) * 1000);
    }
    samples.sort((a, b) => a - b);
    rows.push({
      name: 'read a 100-event stream',
      value: percentile(samples, 50),
      unit: 'µs p50',
      note: `p99 ${percentile(samples, 99).toFixed(0)} µs`,
    });

    started = performance.now();
    let total = 0;
    let after = 0;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 5000 });
      total += page.events.length;
      if (page.isEnd) break;
      after = page.lastPosition;
    }
    rows.push({
      name: 'read the global log',
      value: total / ((performance.now() - started) / 1000),
      unit: 'events/s',
      note: `${total} events, pages of 5,000`,
    });
    rows.push(...(await benchLogTail(dir)));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
