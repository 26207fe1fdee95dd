import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../../kernel/index.js';
import { describeEventStoreConformance } from '../conformance/event-store.conformance.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const dirs: string[] = [];
function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}

describeEventStoreConformance('SQLite, one transaction per append', {
  open: async () => new SqliteEventStore({ path: freshFile(), groupCommit: false }),
  eventIdsUniqueAcrossStreams: true,
  dispose: async (store) => {
    await store.close();
  },
});

describeEventStoreConformance('SQLite, group commit', {
  open: async () => new SqliteEventStore({ path: freshFile() }),
  eventIdsUniqueAcrossStreams: true,
  dispose: async (store) => {
    await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  },
});

describe('SQLite group commit', () => {
  const event = (n: number) => ({ eventId: `g-${n}-${Math.random()}`, type: 'N', data: { n }, metadata: {} });

  it('commits concurrent appends to many streams together and acknowledges each', async () => {
    const store = new SqliteEventStore({ path: freshFile() });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, n) => store.append(`g-${n}`, [event(n)], 'no_stream')),
    );
    expect(new Set(results.map((result) => result.position)).size).toBe(200);
    expect(await store.headPosition()).toBe(200);
    await store.close();
  });

  it('fails only the conflicting append inside a batch', async () => {
    const store = new SqliteEventStore({ path: freshFile() });
    await store.append('same', [event(0)], 'no_stream');
    const results = await Promise.allSettled([
      store.append('same', [event(1)], 0),
      store.append('other', [event(2)], 'no_stream'),
      store.append('same', [event(3)], 0),
      store.append('third', [event(4)], 'no_stream'),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(await store.streamRevision('same')).toBe(1);
    expect((await store.readStream('same')).map((recorded) => recorded.data)).toEqual([{ n: 0 }, { n: 1 }]);
    await store.close();
  });

  it('finishes accepted appends before closing', async () => {
    const path = freshFile();
    const store = new SqliteEventStore({ path });
    const pending = Promise.all(
      Array.from({ length: 50 }, (_, n) => store.append(`c-${n}`, [event(n)], 'no_stream')),
    );
    await store.close();
    await pending;
    const reopened = new SqliteEventStore({ path });
    expect(await reopened.headPosition()).toBe(50);
    await reopened.close();
  });
});

describe('SQLite event store specifics', () => {
  const event = (n: number) => ({ eventId: `e-${n}-${Math.random()}`, type: 'N', data: { n }, metadata: {} });

  it('keeps everything when the file is opened again', async () => {
    const path = freshFile();
    const first = new SqliteEventStore({ path });
    await first.append('s-1', [event(1), event(2)], 'no_stream');
    await first.close();
    const second = new SqliteEventStore({ path });
    expect((await second.readStream('s-1')).map((recorded) => recorded.data)).toEqual([{ n: 1 }, { n: 2 }]);
    await second.close();
  });

  it('sets synchronous explicitly: FULL by default, NORMAL when asked', async () => {
    const full = new SqliteEventStore({ path: freshFile() });
    const normal = new SqliteEventStore({ path: freshFile(), synchronous: 'NORMAL' });
    expect(full.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(normal.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(full.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await full.close();
    await normal.close();
  });

  it('shows a subscriber the appends of another connection to the same file', async () => {
    const path = freshFile();
    const writer = new SqliteEventStore({ path });
    const reader = new SqliteEventStore({ path, pollIntervalMs: 20 });
    const seen: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll({ onEvent: (recorded) => void seen.push(recorded) });
    await writer.append('s-2', [event(1)], 'no_stream');
    await writer.append('s-2', [event(2)], 0);
    for (let tries = 0; tries < 100 && seen.length < 2; tries++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.unsubscribe();
    expect(seen.map((recorded) => recorded.data)).toEqual([{ n: 1 }, { n: 2 }]);
    await writer.close();
    await reader.close();
  });

  it('refuses to work once closed', async () => {
    const store = new SqliteEventStore({ path: freshFile() });
    await store.close();
    await expect(store.append('s', [event(1)], 'any')).rejects.toThrow(/closed/);
  });
});
