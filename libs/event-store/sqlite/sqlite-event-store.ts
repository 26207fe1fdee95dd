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
import {
  commitGroup,
  configureConnection,
  prepareAppendStatements,
  type AppendOutcome,
  type AppendRefusal,
  type AppendStatements,
  type SerializedAppend,
} from './sqlite-append.mjs';
import {
  eventColumns,
  compileShape,
  decodeEvent,
  deepFrozen,
  type CompiledShape,
  type EventRow,
} from './sqlite-event-row-decoding.js';
import { CommittedTail } from './committed-tail.js';
import { followLog } from '../log-follower.js';
import { openEventsFile } from './sqlite-events-format.js';
import { SqliteWriterThread, storeFailure, type GroupCommitter } from './sqlite-writer-thread.js';
import { preparePrivateFile } from './private-files.js';

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
  /**
   * Group commits run in a worker thread that owns the write connection (default on for a file): SQL and
   * fsync then use the second core instead of blocking the event loop. Reads stay on this thread's own
   * connection, which sees every acknowledged append (WAL).
   */
  readonly writerThread?: boolean;
  /**
   * Told once when the writer thread fails (the store then commits on the event loop): the store has no
   * logger of its own, so the process says it.
   */
  readonly onWriterThreadFailure?: (error: Error) => void;
  /**
   * Told when opening converted a file of an older format (sqlite-events-format.ts), for the process to
   * log: the conversion runs once, in one transaction, and holds the file's write lock while it runs.
   */
  readonly onEventsFileConverted?: (conversion: { events: number; milliseconds: number }) => void;
}

interface PendingAppend {
  readonly append: SerializedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

function serialize(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): SerializedAppend {
  return {
    streamId,
    expected,
    events: events.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      data: JSON.stringify(event.data ?? null),
      metadata: JSON.stringify(event.metadata ?? {}),
    })),
  };
}

/** Shapes and actors a reader remembers at most (they are few; the bound is for a store that misuses them). */
const REMEMBERED_NAMES = 10_000;

/** The store's typed error for a refusal decided by the append core (possibly in the writer thread). */
function refusalError(refusal: AppendRefusal): Error {
  return refusal.kind === 'wrong_expected_revision'
    ? new WrongExpectedRevisionError(refusal.streamId, refusal.expected, refusal.actual)
    : new DuplicateEventIdError(refusal.eventId, refusal.streamId);
}

function settle(pending: PendingAppend, outcome: AppendOutcome): void {
  if (outcome.ok)
    pending.resolve({ nextRevision: outcome.result.nextRevision, position: outcome.result.position });
  else if ('refusal' in outcome) pending.reject(refusalError(outcome.refusal));
  else pending.reject(storeFailure(outcome.failure));
}

/** The embedded default store: one SQLite file in WAL mode. */
export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';
  /** This thread's connection: every read, and the appends when there is no writer thread. */
  readonly db: Database.Database;
  private readonly clock: Clock;
  /** How often subscriptions look for events another process wrote to the file. */
  readonly pollIntervalMs: number;
  private readonly append$: AppendStatements;
  private readonly readStreamRange: Database.Statement<
    [{ streamId: string; from: number; to: number }],
    EventRow
  >;
  private readonly readAllPage: Database.Statement<[number, number], EventRow>;
  private readonly head: Database.Statement<[], { position: number | null }>;
  private readonly shapeText: Database.Statement<[number], string>;
  private readonly actorText: Database.Statement<[number], string>;
  private readonly shapes = new Map<number, CompiledShape>();
  private readonly actors = new Map<number, unknown>();
  private readonly shapeOf = (shapeNo: number): CompiledShape => {
    let shape = this.shapes.get(shapeNo);
    if (shape === undefined) {
      const text = this.shapeText.get(shapeNo);
      if (text === undefined) throw new Error(`The event file has no shape ${shapeNo}: it is damaged`);
      if (this.shapes.size >= REMEMBERED_NAMES) this.shapes.clear();
      shape = compileShape(text);
      this.shapes.set(shapeNo, shape);
    }
    return shape;
  };
  private readonly actorOf = (actorNo: number): unknown => {
    let actor = this.actors.get(actorNo);
    if (actor === undefined) {
      const text = this.actorText.get(actorNo);
      if (text === undefined) throw new Error(`The event file has no actor ${actorNo}: it is damaged`);
      if (this.actors.size >= REMEMBERED_NAMES) this.actors.clear();
      actor = deepFrozen(JSON.parse(text));
      this.actors.set(actorNo, actor);
    }
    return actor;
  };
  private readonly toRecorded = (row: EventRow): RecordedEvent =>
    decodeEvent(row, this.shapeOf, this.actorOf);
  readonly wakers = new Set<() => void>();
  private readonly tail = new CommittedTail();
  closed = false;
  private readonly groupCommit: boolean;
  private readonly maxBatch: number;
  private readonly committer: GroupCommitter;
  private readonly onEventLoop: GroupCommitter;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private committedGroups = 0;
  private committedAppends = 0;
  private readonly committing = new Set<Promise<void>>();

  constructor(options: SqliteEventStoreOptions) {
    const synchronous = options.synchronous ?? 'FULL';
    preparePrivateFile(options.path);
    this.db = new Database(options.path);
    try {
      configureConnection(this.db, synchronous);
      const started = performance.now();
      const converted = openEventsFile(this.db);
      if (converted > 0) {
        options.onEventsFileConverted?.({ events: converted, milliseconds: performance.now() - started });
      }
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.groupCommit = options.groupCommit ?? true;
    this.maxBatch = options.maxBatch ?? 500;
    this.append$ = prepareAppendStatements(this.db);
    this.readStreamRange = this.db
      .prepare<[{ streamId: string; from: number; to: number }], EventRow>(
        `SELECT ${eventColumns('@streamId')} FROM events e
         WHERE e.stream_no = (SELECT stream_no FROM streams WHERE stream_id = @streamId)
           AND e.revision >= @from AND e.revision <= @to ORDER BY e.revision`,
      )
      .raw();
    this.readAllPage = this.db
      .prepare<[number, number], EventRow>(
        `SELECT ${eventColumns('s.stream_id')} FROM events e JOIN streams s ON s.stream_no = e.stream_no
         WHERE e.position > ? ORDER BY e.position LIMIT ?`,
      )
      .raw();
    this.shapeText = this.db
      .prepare<[number], string>('SELECT shape FROM event_shapes WHERE shape_no = ?')
      .pluck();
    this.actorText = this.db
      .prepare<[number], string>('SELECT actor FROM event_actors WHERE actor_no = ?')
      .pluck();
    this.head = this.db.prepare('SELECT MAX(position) AS position FROM events');
    // An in-memory database exists only on this connection, so it cannot have a writer thread.
    const threaded =
      this.groupCommit &&
      (options.writerThread ?? true) &&
      options.path !== ':memory:' &&
      options.path !== '';
    this.onEventLoop = {
      commit: async (appends, recordedAt) =>
        commitGroup(this.db, this.append$, [{ appends: [...appends], recordedAt }])[0]!,
      eagerBatch: this.maxBatch,
      available: true,
      close: async () => {},
    };
    this.committer = threaded
      ? new SqliteWriterThread(options.path, synchronous, options.onWriterThreadFailure)
      : this.onEventLoop;
  }

  /**
   * Where group commits run (printed by the benchmarks): the writer thread, or this thread's event loop
   * when there is none or it has failed.
   */
  get writer(): 'writer thread' | 'event loop' {
    return this.committer !== this.onEventLoop && this.committer.available ? 'writer thread' : 'event loop';
  }

  /**
   * For /metrics: where group commits run, and how many groups and appends (refused ones included) have
   * been committed since the store opened. Appends per group tells how much group commit is batching.
   */
  commitStats(): { writer: 'writer thread' | 'event loop'; groups: number; appends: number } {
    return { writer: this.writer, groups: this.committedGroups, appends: this.committedAppends };
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('append needs at least one event');
    const append = serialize(streamId, events, expectedRevision);
    if (!this.groupCommit) {
      const recordedAt = this.clock.now().getTime();
      const [outcome] = commitGroup(this.db, this.append$, [{ appends: [append], recordedAt }])[0]!;
      this.keepInTail(append, outcome!, recordedAt);
      this.notify();
      return new Promise<AppendResult>((resolve, reject) => settle({ append, resolve, reject }, outcome!));
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      if (this.queue.length >= this.committer.eagerBatch) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          this.flush();
        });
      }
    });
  }

  /**
   * Hands the queued appends to the committer as groups. Each append is acknowledged only once its
   * group's transaction has committed; a refusal fails only its own append.
   */
  private flush(): void {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      // A lone append while the writer thread is idle has nothing to overlap with: two thread hops would
      // only add latency, so it commits here (the thread holds no transaction, nothing waits on the lock).
      const committer =
        !this.committer.available || (batch.length === 1 && this.committing.size === 0)
          ? this.onEventLoop
          : this.committer;
      const recordedAt = this.clock.now().getTime();
      const committing = committer
        .commit(
          batch.map((pending) => pending.append),
          recordedAt,
        )
        .then(
          (outcomes) => {
            this.committedGroups += 1;
            this.committedAppends += batch.length;
            batch.forEach((pending, index) => {
              this.keepInTail(pending.append, outcomes[index]!, recordedAt);
              settle(pending, outcomes[index]!);
            });
            this.notify();
          },
          // The commit itself failed (disk full, I/O error): nothing of the batch is acknowledged.
          (error: unknown) => {
            for (const pending of batch) pending.reject(error);
          },
        )
        .finally(() => this.committing.delete(committing));
      this.committing.add(committing);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const rows = this.readStreamRange.all({
      streamId,
      from: options.fromRevision ?? 0,
      to: options.toRevision ?? Number.MAX_SAFE_INTEGER,
    });
    if (rows.length === 0 && this.storedRevision(streamId) === undefined) {
      throw new StreamNotFoundError(streamId);
    }
    return rows.map(this.toRecorded);
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    this.assertOpen();
    return this.storedRevision(streamId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    this.assertOpen();
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? 1000;
    const fromTail = options.following === true && maxCount > 0 ? this.tail.read(after, maxCount) : undefined;
    if (fromTail !== undefined) {
      // Whether another process wrote after the tail's events is not known here: the next page tells.
      return { events: fromTail, lastPosition: fromTail[fromTail.length - 1]!.position, isEnd: false };
    }
    const rows = this.readAllPage.all(after, maxCount);
    return {
      events: rows.map(this.toRecorded),
      lastPosition: rows.length > 0 ? rows[rows.length - 1]![0] : after,
      isEnd: rows.length < maxCount,
    };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.head.get()?.position ?? 0;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return followLog(this, options);
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Finish the appends already accepted before closing the file.
    while (this.queue.length > 0 || this.committing.size > 0) {
      this.flush();
      await Promise.all(this.committing);
    }
    this.closed = true;
    this.tail.clear();
    for (const waker of this.wakers) waker();
    this.wakers.clear();
    await this.committer.close();
    this.db.close();
  }

  private storedRevision(streamId: string): number | undefined {
    const stream = this.append$.stream.get(streamId) as [number, number | null] | undefined;
    // MAX over no rows is NULL: the stream has no events.
    return stream?.[1] ?? undefined;
  }

  /** A newly written append's events, for the reads that follow the log (CommittedTail). */
  private keepInTail(append: SerializedAppend, outcome: AppendOutcome, recordedAt: number): void {
    if (!outcome.ok || outcome.result.repeated === true) return;
    this.tail.add(
      append.streamId,
      outcome.result.nextRevision,
      outcome.result.position,
      append.events,
      recordedAt,
    );
  }

  private notify(): void {
    for (const waker of this.wakers) waker();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The SQLite event store is closed');
  }
}
