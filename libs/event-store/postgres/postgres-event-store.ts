import pg from 'pg';
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
import { followLog } from '../log-follower.js';
import { postgresPool } from './postgres-pool.js';
import { migrateEventStore } from './postgres-schema.js';

export interface PostgresEventStoreOptions {
  /** postgres://user@host:port/database */
  readonly connectionString: string;
  readonly clock?: Clock;
  /** Connections for reads (appends have one of their own, notifications another). */
  readonly readConnections?: number;
  /** Appends per group commit at most. */
  readonly maxBatch?: number;
  /** How often subscriptions look for new events when no notification arrives (ms). */
  readonly pollIntervalMs?: number;
}

interface PendingAppend {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly { eventId: string; type: string; data: string; metadata: string }[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface OutcomeRow {
  outcome: 'ok' | 'wrong_expected_revision' | 'duplicate_event_id';
  next_revision: string | null;
  last_position: string | null;
  actual: string | null;
  event_id: string | null;
  stream_id: string | null;
}

interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  revision: string;
  type: string;
  data: unknown;
  metadata: Readonly<Record<string, unknown>>;
  recorded_at: Date;
}

const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
  };
}

/**
 * The server store: one PostgreSQL database shared by every engine node. Appends that arrive while a group
 * is being committed share the next group's transaction and fsync, one statement per group
 * (`engine_append_group`), each acknowledged after that transaction commits. Positions are dense and
 * taken under a store-wide transaction lock, so readers follow the log by position without ever passing
 * an event that commits later (docs/architecture.md); commits wake subscriptions through LISTEN/NOTIFY.
 */
export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  private readonly pool: pg.Pool;
  private readonly clock: Clock;
  private readonly maxBatch: number;
  /** A notification wakes subscriptions at once; the poll covers one lost with a dropped connection. */
  readonly pollIntervalMs: number;
  private writer: pg.Client | undefined;
  private listener: pg.Client | undefined;
  private queue: PendingAppend[] = [];
  private committing: Promise<void> | undefined;
  /** A group's start is waiting for the appends of the current turn of the event loop. */
  private commitScheduled = false;
  private committedGroups = 0;
  private committedAppends = 0;
  readonly wakers = new Set<() => void>();
  closed = false;

  private constructor(options: PostgresEventStoreOptions) {
    this.pool = postgresPool({
      connectionString: options.connectionString,
      max: options.readConnections ?? 8,
    });
    this.clock = options.clock ?? systemClock;
    this.maxBatch = options.maxBatch ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  /** Connects, applies the migrations this database lacks (refusing a newer schema) and listens for commits. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      store.writer = new pg.Client({ connectionString: options.connectionString });
      store.writer.on('error', () => undefined);
      await store.writer.connect();
      await migrateEventStore(store.writer);
      // engine_append_group's statements are planned for the table as it is at each call. A plan cached
      // while the table was small (a fresh database, before autovacuum has analysed it) scans every event
      // for the duplicate-id check and stays until the next ANALYZE: appends slow down as the log grows.
      await store.writer.query('SET plan_cache_mode = force_custom_plan');
      store.listener = new pg.Client({ connectionString: options.connectionString });
      store.listener.on('error', () => undefined);
      await store.listener.connect();
      store.listener.on('notification', () => store.wakeSubscriptions());
      await store.listener.query('LISTEN engine_events');
      return store;
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('append needs at least one event');
    const serialized = events.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      data: JSON.stringify(event.data ?? null),
      metadata: JSON.stringify(event.metadata ?? {}),
    }));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, expected: expectedRevision, events: serialized, resolve, reject });
      this.scheduleCommit();
    });
  }

  /**
   * Starts a group once the current turn of the event loop is over, unless one is committing (its loop
   * takes the queue next). Starting at once would send the first append of a turn alone: when a group's
   * acknowledgements resume many commands, the first to append would commit by itself while the others,
   * a few microseconds behind, wait a whole commit for the group after it.
   */
  private scheduleCommit(): void {
    if (this.committing !== undefined || this.commitScheduled) return;
    this.commitScheduled = true;
    setImmediate(() => {
      this.commitScheduled = false;
      if (this.committing === undefined && this.queue.length > 0) this.committing = this.commitQueued();
    });
  }

  /**
   * Commits queued appends group by group until none is left. After each group it lets the commands its
   * acknowledgements resumed run to their next append, so they share the next group instead of trickling
   * into the one after.
   */
  private async commitQueued(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.maxBatch);
        try {
          const outcomes = await this.commitGroup(group);
          this.committedGroups += 1;
          this.committedAppends += group.length;
          group.forEach((pending, index) => settle(pending, outcomes[index]));
        } catch (error) {
          // The transaction failed as a whole (connection lost, server down): nothing of the group is
          // acknowledged. A retry with the same event ids is answered as a repeat if it did commit.
          for (const pending of group) pending.reject(error);
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.committing = undefined;
    }
  }

  private async commitGroup(group: readonly PendingAppend[]): Promise<OutcomeRow[]> {
    const events = group.flatMap((pending) => pending.events);
    const { rows } = await this.writer!.query<OutcomeRow>(
      'SELECT * FROM engine_append_group($1, $2, $3, $4, $5, $6, $7, $8)',
      [
        group.map((pending) => pending.streamId),
        group.map((pending) => String(pending.expected)),
        group.map((pending) => pending.events.length),
        events.map((event) => event.eventId),
        events.map((event) => event.type),
        events.map((event) => event.data),
        events.map((event) => event.metadata),
        this.clock.now(),
      ],
    );
    return rows;
  }

  /**
   * How many groups and appends (refused ones included) have been committed since the store opened:
   * appends per group tells how much group commit is batching.
   */
  commitStats(): { groups: number; appends: number } {
    return { groups: this.committedGroups, appends: this.committedAppends };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 AND revision <= $3
       ORDER BY revision`,
      [streamId, options.fromRevision ?? 0, options.toRevision ?? Number.MAX_SAFE_INTEGER],
    );
    if (rows.length === 0 && (await this.streamRevision(streamId)) === undefined) {
      throw new StreamNotFoundError(streamId);
    }
    return rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ revision: string | null }>(
      'SELECT max(revision) AS revision FROM events WHERE stream_id = $1',
      [streamId],
    );
    const revision = rows[0]?.revision;
    return revision === null || revision === undefined ? undefined : Number(revision);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    this.assertOpen();
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? 1000;
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, maxCount],
    );
    return {
      events: rows.map(toRecorded),
      lastPosition: rows.length > 0 ? Number(rows[rows.length - 1]!.position) : after,
      isEnd: rows.length < maxCount,
    };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT coalesce(max(position), 0) AS position FROM events',
    );
    return Number(rows[0]!.position);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return followLog(this, options);
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.committing !== undefined || this.commitScheduled) {
      await (this.committing ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
    this.closed = true;
    this.wakeSubscriptions();
    this.wakers.clear();
    await Promise.allSettled([this.writer?.end(), this.listener?.end(), this.pool.end()]);
  }

  private wakeSubscriptions(): void {
    for (const waker of this.wakers) waker();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The PostgreSQL event store is closed');
  }
}

function settle(pending: PendingAppend, row: OutcomeRow | undefined): void {
  if (row === undefined) {
    pending.reject(new Error('The append group returned fewer outcomes than appends'));
  } else if (row.outcome === 'ok') {
    pending.resolve({ nextRevision: Number(row.next_revision), position: Number(row.last_position) });
  } else if (row.outcome === 'wrong_expected_revision') {
    const actual = row.actual === 'no_stream' ? 'no_stream' : Number(row.actual);
    pending.reject(new WrongExpectedRevisionError(pending.streamId, pending.expected, actual));
  } else {
    pending.reject(new DuplicateEventIdError(row.event_id ?? '', row.stream_id ?? pending.streamId));
  }
}
