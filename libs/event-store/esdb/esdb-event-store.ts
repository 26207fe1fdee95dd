import {
  ANY,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  StreamNotFoundError,
  WrongExpectedRevisionError,
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

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` or `esdb+discover://cluster:2113`. */
  readonly connectionString: string;
}

/** Our expected revision, spelled the way EventStoreDB spells it. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}

/** EventStoreDB's "current revision" of a wrong-version error, as ours: a number or 'no_stream'. */
export function fromEsdbCurrentRevision(actual: unknown): number | 'no_stream' {
  if (typeof actual === 'bigint') return Number(actual);
  if (typeof actual === 'number') return actual;
  return 'no_stream';
}

/** A $all commit position as a plain number; the engine compares positions numerically. */
export function positionNumber(commit: bigint): number {
  const value = Number(commit);
  if (!Number.isSafeInteger(value)) throw new Error(`EventStoreDB position ${commit} exceeds 2^53`);
  return value;
}

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (event === undefined || !event.isJson || event.streamId.startsWith('$') || event.type.startsWith('$'))
    return undefined;
  const position = event.position?.commit ?? resolved.commitPosition;
  return {
    eventId: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: position === undefined ? 0 : positionNumber(position),
    type: event.type,
    data: event.data as unknown,
    metadata: (event.metadata ?? {}) as Record<string, unknown>,
    recordedAt: event.created.toISOString(),
  };
}

/**
 * The scale-out store: EventStoreDB / KurrentDB through @eventstore/db-client. Revisions and errors are
 * mapped explicitly; event ids are passed through, so the server's own idempotency (same ids appended
 * again at the same place) answers a retried command.
 */
export class EsdbEventStore implements EventStore {
  readonly name = 'esdb';
  private readonly client: EventStoreDBClient;
  private inFlight = 0;
  private drained: (() => void) | undefined;

  constructor(options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.inFlight += 1;
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) =>
          jsonEvent({
            // Sent as a string (the client validates no version): the engine's time-ordered ids have the
            // UUID version 7 layout, which the client's uuid 8 `validate` would refuse. Reads ask for string
            // ids too, so that function never sees them.
            id: event.eventId,
            type: event.type,
            data: (event.data ?? null) as never,
            metadata: event.metadata as never,
          }),
        ),
        { expectedRevision: toEsdbExpectedRevision(expectedRevision) },
      );
      const position = result.position?.commit;
      return {
        nextRevision: Number(result.nextExpectedRevision),
        position: position === undefined ? await this.headPosition() : positionNumber(position),
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(
          streamId,
          expectedRevision,
          fromEsdbCurrentRevision(error.actualVersion),
        );
      }
      throw error;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    const to = options.toRevision;
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        fromRevision: from === 0 ? START : BigInt(from),
        direction: FORWARDS,
        ...(to !== undefined ? { maxCount: BigInt(Math.max(0, to - from + 1)) } : {}),
      });
      for await (const resolved of read) {
        const event = toRecorded(resolved);
        if (event !== undefined && (to === undefined || event.revision <= to)) events.push(event);
      }
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) throw new StreamNotFoundError(streamId);
      throw error;
    }
    if (events.length === 0 && (await this.streamRevision(streamId)) === undefined)
      throw new StreamNotFoundError(streamId);
    return events;
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: 'end',
        direction: 'backwards',
        maxCount: 1,
      })) {
        if (resolved.event !== undefined) return Number(resolved.event.revision);
      }
      return undefined;
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) return undefined;
      throw error;
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? 1000;
    const events: RecordedEvent[] = [];
    let lastPosition = after;
    let scanned = 0;
    // $all includes system events; keep reading until a page of ours is full or the log ends.
    let from: typeof START | { commit: bigint; prepare: bigint } =
      after === 0 ? START : { commit: BigInt(after), prepare: BigInt(after) };
    for (;;) {
      let batch = 0;
      for await (const resolved of this.client.readAll({
        fromPosition: from,
        direction: FORWARDS,
        maxCount: BigInt(maxCount + 1),
      })) {
        batch += 1;
        scanned += 1;
        const commit = resolved.event?.position.commit ?? resolved.commitPosition;
        if (commit === undefined || positionNumber(commit) <= lastPosition) continue;
        lastPosition = positionNumber(commit);
        from = { commit, prepare: resolved.event?.position.prepare ?? commit };
        const event = toRecorded(resolved);
        if (event !== undefined) events.push(event);
        if (events.length >= maxCount) return { events, lastPosition, isEnd: false };
      }
      if (batch <= 1 || scanned > maxCount * 20) return { events, lastPosition, isEnd: batch <= 1 };
    }
  }

  async headPosition(): Promise<number> {
    for await (const resolved of this.client.readAll({
      fromPosition: 'end',
      direction: 'backwards',
      maxCount: 1,
    })) {
      const commit = resolved.event?.position.commit ?? resolved.commitPosition;
      if (commit !== undefined) return positionNumber(commit);
    }
    return 0;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const after = options.after ?? 0;
    const subscription = this.client.subscribeToAll({
      fromPosition: after === 0 ? START : { commit: BigInt(after), prepare: BigInt(after) },
      filter: excludeSystemEvents(),
    });
    let active = true;
    const loop = (async () => {
      try {
        for await (const resolved of subscription) {
          if (!active) break;
          const event = toRecorded(resolved);
          if (event !== undefined && event.position > after) await options.onEvent(event);
        }
      } catch (error) {
        if (active) options.onError?.(error);
      }
    })();
    return {
      unsubscribe: async () => {
        active = false;
        await subscription.unsubscribe();
        await loop;
      },
    };
  }

  async ping(): Promise<void> {
    await this.headPosition();
  }

  async close(): Promise<void> {
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.client.dispose();
  }
}
