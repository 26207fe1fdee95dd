import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuplicateEventIdError, type NewEvent, type RecordedEvent } from '../../kernel/index.js';
import { CommittedTail } from './committed-tail.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const dirs: string[] = [];
function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'committed-tail-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const HASH = 'ab'.repeat(32);
/** Events whose metadata takes every place of the row format, and some that fit none. */
function variedEvents(stream: string): NewEvent[] {
  const caseId = stream.slice(stream.indexOf('-') + 1);
  const commandId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
  return [
    {
      eventId: '0190a1b2-c3d4-7e5f-8a9b-000000000001',
      type: 'ComplaintReceived',
      data: { customer: { name: '王建国', phone: 'pd:v1:x' }, amounts: [1, 2.5, -3], note: null },
      metadata: {
        caseType: 'complaint',
        caseId,
        machineVersion: 4,
        action: 'create',
        fromState: null,
        toState: 'received',
        actor: { id: 'cs-1', roles: ['customer_service'], dealerId: 'D001' },
        occurredAt: '2026-12-04T20:00:00.123Z',
        commandId,
        correlationId: commandId,
        causationId: 'req-7',
        commandHash: HASH,
        prevHash: '0'.repeat(64),
        hash: 'cd'.repeat(32),
      },
    },
    {
      // Upper-case ids, a time that is not the engine's ISO form, keys in an unusual order.
      eventId: 'A190A1B2-C3D4-7E5F-8A9B-000000000002',
      type: 'Odd',
      data: 'just a string',
      metadata: { zeta: 1, '10': 'numeric key', occurredAt: '2026-12-04 20:00', hash: HASH.toUpperCase() },
    },
    { eventId: 'plain-text-id-3', type: 'Empty', data: null, metadata: {} },
    {
      eventId: 'plain-text-id-4',
      type: 'ArrayMeta',
      data: [{ a: 1 }],
      metadata: { actor: ['not', 'an', 'object'] },
    },
  ];
}

/** The events as another connection reads them from the file, where nothing can come from memory. */
async function readFromFile(path: string): Promise<RecordedEvent[]> {
  const reader = new SqliteEventStore({ path, writerThread: false });
  try {
    return [...(await reader.readAll({ after: 0, maxCount: 1000 })).events];
  } finally {
    await reader.close();
  }
}

describe.each([
  ['group commit in the writer thread', { writerThread: true }],
  ['group commit on the event loop', { writerThread: false }],
  ['one transaction per append', { groupCommit: false }],
])('The log read right after an append (%s)', (_name, options) => {
  it('gives exactly the events a read of the file gives: values, key order and positions', async () => {
    const path = freshFile();
    const store = new SqliteEventStore({ path, ...options });
    await store.append('complaint-c1', variedEvents('complaint-c1').slice(0, 2), 'no_stream');
    await Promise.all([
      store.append('complaint-c2', variedEvents('complaint-c2').slice(2, 3), 'no_stream'),
      store.append('complaint-c3', variedEvents('complaint-c3').slice(3, 4), 'no_stream'),
    ]);
    const served = (await store.readAll({ after: 0, maxCount: 1000, following: true })).events;
    await store.close();
    const stored = await readFromFile(path);
    expect(served).toHaveLength(4);
    expect(served).toEqual(stored);
    expect(JSON.stringify(served)).toBe(JSON.stringify(stored));
    expect(Object.isFrozen(served[0]!.metadata.actor)).toBe(Object.isFrozen(stored[0]!.metadata.actor));
  });

  it('never serves a refused append, nor the repeat of stored events', async () => {
    const path = freshFile();
    const store = new SqliteEventStore({ path, ...options });
    const [first] = variedEvents('complaint-c1');
    await store.append('complaint-c1', [first!], 'no_stream');
    // The same event again: answered with where it is stored, nothing written.
    await store.append('complaint-c1', [first!], 'any');
    await expect(
      store.append('complaint-c9', [{ ...first!, data: { changed: true } }], 'no_stream'),
    ).rejects.toThrow(DuplicateEventIdError);
    await store.append('complaint-c2', [variedEvents('complaint-c2')[2]!], 'no_stream');
    const served = (await store.readAll({ after: 0, maxCount: 1000, following: true })).events;
    await store.close();
    expect(served).toEqual(await readFromFile(path));
    expect(served.map((event) => event.position)).toEqual([1, 2]);
  });
});

describe('The log read after another process wrote', () => {
  it('reads from the file from the first event this store did not write, and says when a page may not be the end', async () => {
    const path = freshFile();
    const store = new SqliteEventStore({ path });
    const other = new SqliteEventStore({ path, writerThread: false });
    const [a, b, c] = [1, 2, 3].map((n) => ({ eventId: `e-${n}`, type: 'N', data: { n }, metadata: {} }));
    await store.append('s-1', [a!], 'no_stream');
    await other.append('s-2', [b!], 'no_stream');
    await store.append('s-3', [c!], 'no_stream');

    const fromStart = await store.readAll({ after: 0, maxCount: 10, following: true });
    expect(fromStart.events.map((event) => event.data)).toEqual([{ n: 1 }]);
    // One event served from memory: whether the file holds more after it is for the next page to tell.
    expect(fromStart.isEnd).toBe(false);
    const next = await store.readAll({ after: fromStart.lastPosition, maxCount: 10, following: true });
    expect(next.events.map((event) => event.data)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(next.isEnd).toBe(true);
    await other.close();
    await store.close();
  });
});

describe('The log read by one who attests what storage holds', () => {
  it('reads the file, never memory: an event removed behind the store is missing from the page', async () => {
    const path = freshFile();
    const store = new SqliteEventStore({ path });
    for (const n of [1, 2, 3]) {
      await store.append(
        `s-${n}`,
        [{ eventId: `e-${n}`, type: 'N', data: { n }, metadata: {} }],
        'no_stream',
      );
    }
    // Tampering with the file while the process runs: the last event is deleted.
    const raw = new Database(path);
    raw.prepare('DELETE FROM events WHERE position = 3').run();
    raw.close();

    const attested = await store.readAll({ after: 2, maxCount: 10 });
    expect(attested.events).toEqual([]);
    expect(attested.isEnd).toBe(true);
    // A follower is answered with what this store committed, as acknowledged to its caller.
    const followed = await store.readAll({ after: 2, maxCount: 10, following: true });
    expect(followed.events.map((event) => event.data)).toEqual([{ n: 3 }]);
    await store.close();
  });
});

describe('The tail kept in memory', () => {
  it('keeps the newest events up to its capacity, the oldest leaving first', () => {
    const tail = new CommittedTail(3);
    for (const position of [1, 2, 3, 4, 5]) {
      tail.add(
        `s-${position}`,
        0,
        position,
        [{ eventId: `e-${position}`, type: 'N', data: '{}', metadata: '{}' }],
        0,
      );
    }
    expect(tail.read(0, 10)).toBeUndefined();
    expect(tail.read(1, 10)).toBeUndefined();
    expect(tail.read(2, 10)?.map((event) => event.position)).toEqual([3, 4, 5]);
  });
});
