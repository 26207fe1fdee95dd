import {
  DuplicateEventIdError,
  StreamNotFoundError,
  systemClock,
  WrongExpectedRevisionError,
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
import { followLog, type FollowedLog } from '../log-follower.js';

export interface MemoryEventStoreOptions {
  readonly clock?: Clock;
}

/** An event as kept: payload and metadata as JSON text, so a reader gets what a file would give back. */
interface StoredEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: string;
}

/**
 * The event store in this process's memory, for unit tests that need a store and not a file. It keeps
 * the port's promises as the SQLite store does (the conformance suite checks both): an append is checked
 * and written in one synchronous step, so it is atomic and concurrent appends see each other; an event id
 * is stored once across all streams; payloads and metadata go through JSON both ways, so a caller can
 * neither change a stored event nor get back anything a file could not hold.
 */
export class MemoryEventStore implements EventStore, FollowedLog {
  readonly name = 'memory';
  readonly wakers = new Set<() => void>();
  /** Every append wakes its followers, and no other process writes here: the poll is a fallback only. */
  readonly pollIntervalMs = 1000;
  closed = false;
  private readonly clock: Clock;
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byEventId = new Map<string, StoredEvent>();

  constructor(options: MemoryEventStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('append needs at least one event');
    const retried = this.retried(streamId, events);
    if (retried !== undefined) return retried;
    const stream = this.streams.get(streamId);
    const current = stream === undefined ? undefined : stream.length - 1;
    const accepted =
      expectedRevision === 'any' ||
      (expectedRevision === 'no_stream' && current === undefined) ||
      (expectedRevision === 'stream_exists' && current !== undefined) ||
      (typeof expectedRevision === 'number' && current === expectedRevision);
    if (!accepted) {
      throw new WrongExpectedRevisionError(streamId, expectedRevision, current ?? 'no_stream');
    }
    const recordedAt = this.clock.now().toISOString();
    const appended = events.map((event, index): StoredEvent => {
      const stored = this.byEventId.get(event.eventId);
      if (stored !== undefined) throw new DuplicateEventIdError(event.eventId, stored.streamId);
      if (events.findIndex((other) => other.eventId === event.eventId) !== index) {
        throw new DuplicateEventIdError(event.eventId, streamId);
      }
      return {
        eventId: event.eventId,
        streamId,
        revision: (current ?? -1) + 1 + index,
        position: this.log.length + 1 + index,
        type: event.type,
        data: JSON.stringify(event.data ?? null),
        metadata: JSON.stringify(event.metadata ?? {}),
        recordedAt,
      };
    });
    // Nothing is written before every event passed its checks: the append lands whole or not at all.
    this.log.push(...appended);
    if (stream === undefined) this.streams.set(streamId, appended);
    else stream.push(...appended);
    for (const event of appended) this.byEventId.set(event.eventId, event);
    for (const waker of this.wakers) waker();
    const last = appended[appended.length - 1]!;
    return { nextRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const stream = this.streams.get(streamId);
    if (stream === undefined) throw new StreamNotFoundError(streamId);
    const to = Math.min(options.toRevision ?? Number.MAX_SAFE_INTEGER, stream.length - 1);
    return stream.slice(options.fromRevision ?? 0, to + 1).map(recorded);
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    this.assertOpen();
    const stream = this.streams.get(streamId);
    return stream === undefined ? undefined : stream.length - 1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    this.assertOpen();
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? 1000;
    // Positions are dense from 1, so the event after position p is at index p.
    const events = this.log.slice(after, after + maxCount).map(recorded);
    return {
      events,
      lastPosition: events.length > 0 ? events[events.length - 1]!.position : after,
      isEnd: events.length < maxCount,
    };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.log.length;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return followLog(this, options);
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waker of this.wakers) waker();
    this.wakers.clear();
  }

  /**
   * Where the events are when every id is already stored, consecutively, at the end of the same
   * stream's earlier append: a retry, answered without writing. Throws when an id is stored elsewhere.
   */
  private retried(streamId: string, events: readonly NewEvent[]): AppendResult | undefined {
    const first = this.byEventId.get(events[0]!.eventId);
    if (first === undefined) return undefined;
    let last = first;
    for (const [index, event] of events.entries()) {
      const stored = this.byEventId.get(event.eventId);
      if (
        stored === undefined ||
        stored.streamId !== streamId ||
        stored.revision !== first.revision + index
      ) {
        throw new DuplicateEventIdError(event.eventId, stored?.streamId ?? first.streamId);
      }
      last = stored;
    }
    return { nextRevision: last.revision, position: last.position };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The in-memory event store is closed');
  }
}

function recorded(event: StoredEvent): RecordedEvent {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    type: event.type,
    data: JSON.parse(event.data) as unknown,
    metadata: JSON.parse(event.metadata) as Readonly<Record<string, unknown>>,
    recordedAt: event.recordedAt,
  };
}
