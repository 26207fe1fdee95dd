import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { DuplicateEventIdError, WrongExpectedRevisionError, type RecordedEvent } from '../../kernel/index.js';
import { describeEventStoreConformance } from '../../testing/index.js';
import { EVENTS_SCHEMA } from './sqlite-append.mjs';
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

describeEventStoreConformance('SQLite, group commit on the event loop', {
  open: async () => new SqliteEventStore({ path: freshFile(), writerThread: false }),
  eventIdsUniqueAcrossStreams: true,
  dispose: async (store) => {
    await store.close();
  },
});

describeEventStoreConformance('SQLite, group commit in the writer thread (the default)', {
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

describe('SQLite writer thread', () => {
  const event = (n: number) => ({ eventId: `w-${n}-${Math.random()}`, type: 'N', data: { n }, metadata: {} });

  it('runs group commits in a writer thread for a file, on the event loop otherwise', async () => {
    const stores = [
      new SqliteEventStore({ path: freshFile() }),
      new SqliteEventStore({ path: freshFile(), writerThread: false }),
      new SqliteEventStore({ path: freshFile(), groupCommit: false }),
      new SqliteEventStore({ path: ':memory:' }),
    ];
    expect(stores.map((store) => store.writer)).toEqual([
      'writer thread',
      'event loop',
      'event loop',
      'event loop',
    ]);
    for (const store of stores) await store.close();
  });

  it('keeps revisions exact while lone appends commit here and bursts commit in the thread', async () => {
    const store = new SqliteEventStore({ path: freshFile() });
    let revision = -1;
    for (let round = 0; round < 20; round++) {
      // Alone: nothing in the thread, so it commits on the event loop.
      await store.append('contested', [event(round)], revision === -1 ? 'no_stream' : revision);
      revision += 1;
      // A burst: six writers race for the next revision while other streams commit beside them.
      const racing = await Promise.allSettled([
        ...Array.from({ length: 6 }, (_, n) => store.append('contested', [event(100 + n)], revision)),
        ...Array.from({ length: 10 }, (_, n) =>
          store.append(`beside-${round}-${n}`, [event(n)], 'no_stream'),
        ),
      ]);
      const statuses = racing.map((outcome) => outcome.status);
      expect(statuses.slice(0, 6).filter((status) => status === 'fulfilled')).toHaveLength(1);
      expect(statuses.slice(6).every((status) => status === 'fulfilled')).toBe(true);
      revision += 1;
    }
    const stored = await store.readStream('contested');
    expect(stored.map((recorded) => recorded.revision)).toEqual(stored.map((_, index) => index));
    expect(stored).toHaveLength(40);
    expect(await store.headPosition()).toBe(40 + 20 * 10);
    await store.close();
  });

  it('commits on the event loop once the writer thread has died, and says so of the appends it held', async () => {
    const failures: Error[] = [];
    const store = new SqliteEventStore({
      path: freshFile(),
      onWriterThreadFailure: (error) => failures.push(error),
    });
    await Promise.all([0, 1, 2, 3].map((n) => store.append(`before-${n}`, [event(n)], 'no_stream')));
    // Simulates the thread crashing: reached through the store's internals, as nothing public kills it.
    const { worker } = (store as unknown as { committer: { worker: Worker } }).committer;
    const held = Promise.allSettled(
      [4, 5, 6, 7].map((n) => store.append(`held-${n}`, [event(n)], 'no_stream')),
    );
    await worker.terminate();
    for (const outcome of await held) {
      if (outcome.status === 'rejected') expect(String(outcome.reason)).toMatch(/may or may not be stored/);
    }
    expect(store.writer).toBe('event loop');
    expect(failures.map((failure) => failure.message)).toEqual([
      expect.stringMatching(
        /^The SQLite writer thread failed \(.*\); appends in it may or may not be stored$/,
      ),
    ]);
    const after = await Promise.all(
      [8, 9, 10, 11].map((n) => store.append(`after-${n}`, [event(n)], 'no_stream')),
    );
    expect(after).toHaveLength(4);
    expect(await store.streamRevision('after-11')).toBe(0);
    await store.close();
  });

  /** Runs `body` in a Node process of its own with `store` opened on a fresh file and never closed. */
  function inChildProcess(body: string): { status: number | null; stdout: string; stderr: string } {
    const built = join(process.cwd(), 'dist', 'libs', 'event-store', 'sqlite', 'sqlite-event-store.js');
    if (!existsSync(built)) spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    const script = `
      const { SqliteEventStore } = await import(${JSON.stringify(pathToFileURL(built).href)});
      const store = new SqliteEventStore({ path: ${JSON.stringify(freshFile())} });
      ${body}`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: child.status, stdout: child.stdout.trim(), stderr: child.stderr };
  }

  it('keeps a process that awaits an append alive until it is acknowledged, then lets it exit', () => {
    // Never closed: the thread must not hold the process open once idle, nor let it end while busy.
    const child = inChildProcess(`
      await new Promise((resolve) => setTimeout(resolve, 200)); // the thread is up and idle
      const appends = Array.from({ length: 20 }, (_, n) =>
        store.append('s-' + n, [{ eventId: 'x-' + n, type: 'N', data: {}, metadata: {} }], 'no_stream'));
      const results = await Promise.all(appends);
      console.log(store.writer + ' acknowledged ' + results.length);`);
    expect(child).toEqual({ status: 0, stdout: 'writer thread acknowledged 20', stderr: '' });
  });

  it('lets a process that only reads exit, though its writer thread never had anything to do', () => {
    const child = inChildProcess(`console.log(store.writer + ' head ' + (await store.headPosition()));`);
    expect(child).toEqual({ status: 0, stdout: 'writer thread head 0', stderr: '' });
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

  /** A file as format 1 wrote it; `withRevisions` adds the streams table its first version also kept. */
  function format1File(withRevisions: boolean): string {
    const path = freshFile();
    const old = new Database(path);
    old.exec(`
      CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,
        stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
        metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (stream_id, revision));`);
    const insert = old.prepare(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run('a', 's-1', 0, 'N', '{"n":1}', '{}', '2026-03-02T09:00:00.000Z');
    insert.run(
      '01a2309e-1577-770f-afe4-ebde117004bf',
      'complaint-01a2309e-155e-7636-b67a-3c892993cb49',
      0,
      'ComplaintReceived',
      // Payload text kept as it was written, spacing included.
      '{ "channel": "phone" }',
      JSON.stringify({
        caseType: 'complaint',
        caseId: '01a2309e-155e-7636-b67a-3c892993cb49',
        actor: { id: 'cs-1', roles: ['customer_service'] },
        occurredAt: '2026-03-02T09:00:00.000Z',
        commandId: '01a2309e-1577-7be3-9368-ce6237cda08d',
        correlationId: '01a2309e-1577-7be3-9368-ce6237cda08d',
        prevHash: '0'.repeat(64),
        hash: '1f7d6c62efdb62ae1416bef770d65c5c435822cbcab85f92a6ec1745746c454f',
      }),
      '2026-03-02T09:00:01.000Z',
    );
    insert.run('b', 's-1', 1, 'N', '{"n":2}', '{"note":"x"}', 'not a time');
    if (withRevisions) {
      old.exec(`CREATE TABLE streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO streams VALUES ('s-1', 1), ('complaint-01a2309e-155e-7636-b67a-3c892993cb49', 0);`);
    }
    old.close();
    return path;
  }

  function format1Events(path: string): RecordedEvent[] {
    const old = new Database(path, { readonly: true });
    const rows = old.prepare('SELECT * FROM events ORDER BY position').all() as {
      position: number;
      event_id: string;
      stream_id: string;
      revision: number;
      type: string;
      data: string;
      metadata: string;
      recorded_at: string;
    }[];
    old.close();
    return rows.map((row) => ({
      eventId: row.event_id,
      streamId: row.stream_id,
      revision: row.revision,
      position: row.position,
      type: row.type,
      data: JSON.parse(row.data) as unknown,
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
      recordedAt: row.recorded_at,
    }));
  }

  it.each([
    ['with its table of stream revisions', true],
    ['without it', false],
  ])(
    'converts a file of format 1 (%s), keeping every event exactly, and goes on with its streams',
    async (_name, withRevisions) => {
      const path = format1File(withRevisions);
      const before = format1Events(path);

      const conversions: { events: number }[] = [];
      const store = new SqliteEventStore({ path, onEventsFileConverted: (told) => conversions.push(told) });

      expect(conversions).toEqual([{ events: 3, milliseconds: expect.any(Number) }]);
      const after = (await store.readAll()).events;
      expect(after).toEqual(before);
      expect(after.map((recorded) => JSON.stringify(recorded.metadata))).toEqual(
        before.map((recorded) => JSON.stringify(recorded.metadata)),
      );
      expect(store.db.pragma('user_version', { simple: true })).toBe(3);
      expect(
        store.db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'events_format1%'").all(),
      ).toEqual([]);
      expect(await store.streamRevision('s-1')).toBe(1);
      await expect(store.append('s-1', [event(3)], 0)).rejects.toThrow(WrongExpectedRevisionError);
      expect(await store.append('s-1', [event(3)], 1)).toMatchObject({ nextRevision: 2, position: 4 });
      await expect(store.append('s-9', [{ ...event(4), eventId: 'a' }], 'any')).rejects.toThrow(
        DuplicateEventIdError,
      );
      await store.close();

      const reopened = new SqliteEventStore({
        path,
        onEventsFileConverted: (told) => conversions.push(told),
      });
      expect(conversions).toHaveLength(1);
      expect((await reopened.readAll()).events.slice(0, 3)).toEqual(before);
      await reopened.close();
    },
  );

  it('names the event it could not convert, and leaves the file of format 1 as it was', async () => {
    const path = format1File(false);
    const before = format1Events(path);
    const damaged = new Database(path);
    damaged.prepare("UPDATE events SET metadata = '{not json' WHERE event_id = 'b'").run();
    damaged.close();

    expect(() => new SqliteEventStore({ path })).toThrow(
      /could not convert the event at position 3 \(event id b\) to format 3: .*JSON.*The file is unchanged/s,
    );

    const untouched = new Database(path, { readonly: true });
    expect(untouched.pragma('user_version', { simple: true })).toBe(0);
    expect(untouched.prepare('SELECT count(*) FROM events').pluck().get()).toBe(before.length);
    untouched.close();
  });

  it('waits for another process that holds the file, longer than the usual busy timeout, then converts it', async () => {
    const path = format1File(false);
    const before = format1Events(path);
    // Holds the write lock for 6 s, beyond better-sqlite3's busy timeout of 5 s that appends wait.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(${JSON.stringify(path)});
         db.pragma('journal_mode = WAL'); db.exec('BEGIN IMMEDIATE'); console.log('locked');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 6000);
         db.exec('COMMIT'); db.close();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));

    const store = new SqliteEventStore({ path });

    expect((await store.readAll()).events).toEqual(before);
    expect(store.db.pragma('user_version', { simple: true })).toBe(3);
    await store.close();
    expect(await exited).toBe(0);
  }, 30_000);

  /**
   * A file as code of format 2 wrote it (version 2; no shape lays out a payload, a correlation id of its
   * own is in `rest`): one event of an engine case and one bare event, their rows written here by SQL.
   */
  function format2File(): { path: string; events: RecordedEvent[] } {
    const path = freshFile();
    const db = new Database(path);
    db.exec(EVENTS_SCHEMA);
    db.pragma('user_version = 2');
    const caseId = '01a2309e-155e-7636-b67a-3c892993cb49';
    db.prepare("INSERT INTO streams (stream_no, stream_id) VALUES (1, ?), (2, 's-2')").run(
      `ticket-${caseId}`,
    );
    db.prepare(
      `INSERT INTO event_shapes (shape_no, shape) VALUES
        (1, '{"type":"TicketOpened","metadata":[["caseId","streamSuffix",7],["commandId","commandId"],["correlationId"],["causationId"]]}'),
        (2, '{"type":"N","metadata":null}')`,
    ).run();
    const insert = db.prepare(
      `INSERT INTO events (position, event_id, stream_no, revision, shape_no, actor_no, data, rest, packed,
        occurred_at, recorded_at) VALUES (?, ?, ?, 0, ?, NULL, ?, ?, ?, NULL, ?)`,
    );
    const requestId = '7d9f1c52-3b1e-4c47-9a8e-0f6d2b4e8a11';
    insert.run(
      1,
      Buffer.from('01a2309e1577770fafe4ebde117004bf', 'hex'),
      1,
      1,
      `{"title":"t","caseId":"${caseId}"}`,
      `{"correlationId":"${requestId}","causationId":"${requestId}"}`,
      Buffer.from('01a2309e15777be39368ce6237cda08d', 'hex'),
      Date.parse('2026-12-01T08:00:00.000Z'),
    );
    insert.run(2, 'e-2', 2, 2, '{"n":2}', null, null, Date.parse('2026-12-01T08:00:01.000Z'));
    db.close();
    const recorded = (position: number, fields: Partial<RecordedEvent>): RecordedEvent =>
      ({ revision: 0, position, recordedAt: '', ...fields }) as RecordedEvent;
    return {
      path,
      events: [
        recorded(1, {
          eventId: '01a2309e-1577-770f-afe4-ebde117004bf',
          streamId: `ticket-${caseId}`,
          type: 'TicketOpened',
          data: { title: 't', caseId },
          metadata: {
            caseId,
            commandId: '01a2309e-1577-7be3-9368-ce6237cda08d',
            correlationId: requestId,
            causationId: requestId,
          },
          recordedAt: '2026-12-01T08:00:00.000Z',
        }),
        recorded(2, {
          eventId: 'e-2',
          streamId: 's-2',
          type: 'N',
          data: { n: 2 },
          metadata: {},
          recordedAt: '2026-12-01T08:00:01.000Z',
        }),
      ],
    };
  }

  it('opens a file of format 2 as format 3: its rows read as they were, new rows laid out beside them', async () => {
    const { path, events } = format2File();
    const store = new SqliteEventStore({ path });
    expect(store.db.pragma('user_version', { simple: true })).toBe(3);
    expect((await store.readAll()).events).toEqual(events);

    const [old] = events;
    const next = {
      ...old!,
      eventId: '01a2309e-1577-770f-afe4-ebde117004c0',
      data: { title: 'u', caseId: old!.metadata.caseId },
    };
    await store.append(old!.streamId, [next], 0);
    const rows = store.db
      .prepare<[], { data: string; rest: string | null; shape: string }>(
        'SELECT e.data, e.rest, s.shape FROM events e JOIN event_shapes s USING (shape_no) ORDER BY position',
      )
      .all();
    // The new row: the payload's values only, both ids as bytes; the old rows untouched.
    expect(rows.map((row) => row.data)).toEqual([
      `{"title":"t","caseId":"${String(old!.metadata.caseId)}"}`,
      '{"n":2}',
      '["u"]',
    ]);
    expect(rows[2]!.rest).toBeNull();
    expect(JSON.parse(rows[2]!.shape)).toHaveProperty('data', ['title', ['caseId', 7]]);
    await store.close();

    const reopened = new SqliteEventStore({ path });
    const all = (await reopened.readAll()).events;
    expect(all.slice(0, 2)).toEqual(events);
    expect(all[2]).toMatchObject({
      eventId: next.eventId,
      data: next.data,
      metadata: next.metadata,
      revision: 1,
    });
    expect(JSON.stringify(all[2]!.metadata)).toBe(JSON.stringify(next.metadata));
    await reopened.close();
  });

  it('refuses a file written in a newer format instead of misreading it', () => {
    const path = freshFile();
    const newer = new Database(path);
    newer.pragma('user_version = 4');
    newer.close();
    expect(() => new SqliteEventStore({ path })).toThrow(
      /The event file \(.*events\.sqlite\) is at schema version 4, written by a newer version.*up to 3\./,
    );
  });

  it("stores an engine event's ids, digests and times as bytes and numbers, not as JSON text", async () => {
    const store = new SqliteEventStore({ path: freshFile() });
    const caseId = '01a2309e-155e-7636-b67a-3c892993cb49';
    await store.append(
      `complaint-${caseId}`,
      [
        {
          eventId: '01a2309e-1577-770f-afe4-ebde117004bf',
          type: 'ComplaintReceived',
          data: { channel: 'phone' },
          metadata: {
            caseType: 'complaint',
            caseId,
            occurredAt: '2026-03-02T09:00:00.000Z',
            commandId: '01a2309e-1577-7be3-9368-ce6237cda08d',
            commandHash: 'ab'.repeat(32),
            prevHash: '0'.repeat(64),
            hash: 'cd'.repeat(32),
          },
        },
      ],
      'no_stream',
    );
    expect(
      store.db
        .prepare(
          'SELECT length(event_id) id, rest, length(packed) packed, typeof(occurred_at) at FROM events',
        )
        .get(),
      // The command id, commandHash and hash as bytes; the genesis prevHash is in the shape.
    ).toEqual({ id: 16, rest: null, packed: 16 + 32 + 32, at: 'integer' });
    await store.close();
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
