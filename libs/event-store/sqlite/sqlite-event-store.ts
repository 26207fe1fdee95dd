import Database from 'better-sqlite3';
import {
  DuplicateEventIdError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  systemClock,
  type Clock,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '../../kernel/index.js';
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:'. */
  readonly path: string;
  /**
   * FULL (default): every acknowledged append survives power loss (fsync per commit).
   * NORMAL: survives a process crash; the last commits may be lost on power loss.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  readonly clock?: Clock;
  /** How often subscriptions look for events written by another process on the same file (ms). */
  readonly pollIntervalMs?: number;
  /**
   * Group commit (default on): appends that arrive while a commit is being prepared share one transaction
   * and one fsync, each in its own savepoint, and each is acknowledged only after that transaction
   * commits. A conflict fails only its own append.
   */
  readonly groupCommit?: boolean;
  /** Appends per group commit at most. */
  readonly maxBatch?: number;
}

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  revision INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** The statements an append needs; prepared once per connection. */
export interface AppendStatements {
  readonly streamRevision: Database.Statement<[string], { revision: number }>;
  readonly eventById: Database.Statement<[string], { stream_id: string; revision: number; position: number }>;
  readonly insertEvent: Database.Statement<[string, string, number, string, string, string, string]>;
  readonly upsertStream: Database.Statement<[string, number]>;
}

export function prepareAppendStatements(db: Database.Database): AppendStatements {
  return {
    streamRevision: db.prepare('SELECT revision FROM streams WHERE stream_id = ?'),
    eventById: db.prepare('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
    insertEvent: db.prepare(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    upsertStream: db.prepare(
      'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT(stream_id) DO UPDATE SET revision = excluded.revision',
    ),
  };
}

/**
 * The append core: checks the expected revision and writes the events, inside the caller's transaction
 * (one append, or a group commit of many). Throws before writing anything when the check fails.
 */
export function appendInTransaction(
  statements: AppendStatements,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  recordedAt: string,
): AppendResult {
  if (events.length === 0) throw new Error('append needs at least one event');
  const current = statements.streamRevision.get(streamId)?.revision;

  // An idempotent retry: the same event ids already stored, consecutively, in this stream.
  const first = statements.eventById.get(events[0]!.eventId);
  if (first !== undefined) {
    let last = first;
    for (let index = 0; index < events.length; index++) {
      const stored = statements.eventById.get(events[index]!.eventId);
      if (
        stored === undefined ||
        stored.stream_id !== streamId ||
        stored.revision !== first.revision + index
      ) {
        throw new DuplicateEventIdError(events[index]!.eventId, stored?.stream_id ?? first.stream_id);
      }
      last = stored;
    }
    return { nextRevision: last.revision, position: last.position };
  }

  const actual = current ?? 'no_stream';
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    (typeof expected === 'number' && current === expected);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);

  let revision = current ?? -1;
  let position = 0;
  for (const event of events) {
    revision += 1;
    try {
      const result = statements.insertEvent.run(
        event.eventId,
        streamId,
        revision,
        event.type,
        JSON.stringify(event.data ?? null),
        JSON.stringify(event.metadata ?? {}),
        recordedAt,
      );
      position = Number(result.lastInsertRowid);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const stored = statements.eventById.get(event.eventId);
        if (stored !== undefined) throw new DuplicateEventIdError(event.eventId, stored.stream_id);
      }
      throw error;
    }
  }
  statements.upsertStream.run(streamId, revision);
  return { nextRevision: revision, position };
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    recordedAt: row.recorded_at,
  };
}

/** The embedded default store: one SQLite file in WAL mode, one transaction per append. */
export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';
  readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private readonly append$: AppendStatements;
  private readonly readStreamRange: Database.Statement<[string, number, number], EventRow>;
  private readonly readAllPage: Database.Statement<[number, number], EventRow>;
  private readonly head: Database.Statement<[], { position: number | null }>;
  private readonly listeners = new Set<() => void>();
  private closed = false;
  private readonly groupCommit: boolean;
  private readonly maxBatch: number;
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | undefined;

  constructor(options: SqliteEventStoreOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    // Set explicitly: better-sqlite3 only defaults to NORMAL when it opens a file already in WAL mode.
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.groupCommit = options.groupCommit ?? true;
    this.maxBatch = options.maxBatch ?? 500;
    this.append$ = prepareAppendStatements(this.db);
    this.readStreamRange = this.db.prepare(
      'SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? ORDER BY revision',
    );
    this.readAllPage = this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.head = this.db.prepare('SELECT MAX(position) AS position FROM events');
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    if (!this.groupCommit) {
      const recordedAt = this.clock.now().toISOString();
      const result = this.db
        .transaction(() => appendInTransaction(this.append$, streamId, events, expectedRevision, recordedAt))
        .immediate();
      this.notify();
      return result;
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected: expectedRevision, resolve, reject });
      if (this.flushing === undefined) this.flushing = this.flushSoon();
    });
  }

  /** Lets every append of this turn of the event loop join, then commits them together. */
  private async flushSoon(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const recordedAt = this.clock.now().toISOString();
      const outcomes: ({ ok: true; result: AppendResult } | { ok: false; error: unknown })[] = [];
      try {
        this.db
          .transaction(() => {
            for (const pending of batch) {
              try {
                // A nested transaction is a savepoint: a refused append rolls back alone.
                const result = this.db.transaction(() =>
                  appendInTransaction(
                    this.append$,
                    pending.streamId,
                    pending.events,
                    pending.expected,
                    recordedAt,
                  ),
                )();
                outcomes.push({ ok: true, result });
              } catch (error) {
                outcomes.push({ ok: false, error });
              }
            }
          })
          .immediate();
      } catch (error) {
        // The commit itself failed (disk full, I/O error): nothing of the batch is stored or acknowledged.
        for (const pending of batch) pending.reject(error);
        continue;
      }
      batch.forEach((pending, index) => {
        const outcome = outcomes[index]!;
        if (outcome.ok) pending.resolve(outcome.result);
        else pending.reject(outcome.error);
      });
      this.notify();
    }
    this.flushing = undefined;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const rows = this.readStreamRange.all(
      streamId,
      options.fromRevision ?? 0,
      options.toRevision ?? Number.MAX_SAFE_INTEGER,
    );
    if (rows.length === 0 && this.append$.streamRevision.get(streamId) === undefined) {
      throw new StreamNotFoundError(streamId);
    }
    return rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    this.assertOpen();
    return this.append$.streamRevision.get(streamId)?.revision;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    this.assertOpen();
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? 1000;
    const rows = this.readAllPage.all(after, maxCount);
    return {
      events: rows.map(toRecorded),
      lastPosition: rows.length > 0 ? rows[rows.length - 1]!.position : after,
      isEnd: rows.length < maxCount,
    };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.head.get()?.position ?? 0;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    let after = options.after ?? 0;
    let active = true;
    let wake: (() => void) | undefined;
    const listener = (): void => wake?.();
    this.listeners.add(listener);
    const loop = (async () => {
      try {
        while (active && !this.closed) {
          const page = await this.readAll({ after, maxCount: 500 });
          for (const event of page.events) {
            if (!active) return;
            await options.onEvent(event);
            after = event.position;
          }
          if (page.events.length > 0) continue;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, this.pollIntervalMs);
            function done(): void {
              clearTimeout(timer);
              resolve();
            }
            wake = done;
          });
          wake = undefined;
        }
      } catch (error) {
        if (active) options.onError?.(error);
      }
    })();
    return {
      unsubscribe: async () => {
        active = false;
        this.listeners.delete(listener);
        wake?.();
        await loop;
      },
    };
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Finish the appends already accepted into a group before closing the file.
    while (this.flushing !== undefined) await this.flushing;
    this.closed = true;
    for (const listener of this.listeners) listener();
    this.listeners.clear();
    this.db.close();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The SQLite event store is closed');
  }
}
