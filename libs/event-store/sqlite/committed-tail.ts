import type { RecordedEvent } from '../../kernel/index.js';
import type { SerializedEvent } from './sqlite-append.mjs';
import { deepFrozen } from './sqlite-event-row-decoding.js';
import { isoTimeOf } from './iso-time.mjs';

interface TailEntry {
  readonly streamId: string;
  readonly revision: number;
  readonly event: SerializedEvent;
  readonly recordedAt: number;
}

/**
 * The events this store committed last, as the append serialised them, by global position: a read of the
 * log that starts right after what a follower has seen (the projections, the webhook feeder) is answered
 * from here instead of from the file, whose pages this connection must read again after every commit of
 * the writer thread. Only committed, newly written events enter (never a refused append or the repeat of
 * stored events), each under the position the commit gave it, so what is served is exactly what the file
 * holds there; an event another process wrote is never here, and a read that reaches one goes to the file.
 */
export class CommittedTail {
  /** In the order they were committed (a Map keeps insertion order), so the oldest go first. */
  private readonly entries = new Map<number, TailEntry>();

  constructor(private readonly capacity = 4096) {}

  /** The events of one committed append; `lastPosition` is the position of its last event. */
  add(
    streamId: string,
    lastRevision: number,
    lastPosition: number,
    events: readonly SerializedEvent[],
    recordedAt: number,
  ): void {
    const first = lastPosition - events.length + 1;
    events.forEach((event, index) => {
      const position = first + index;
      this.entries.set(position, {
        streamId,
        revision: lastRevision - events.length + 1 + index,
        event,
        recordedAt,
      });
    });
    for (const position of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(position);
    }
  }

  /**
   * The events at `after + 1`, `after + 2`, … as long as each is here (at most `maxCount`), decoded as a
   * read of the file decodes them; undefined when the one at `after + 1` is not.
   */
  read(after: number, maxCount: number): RecordedEvent[] | undefined {
    if (!this.entries.has(after + 1)) return undefined;
    const events: RecordedEvent[] = [];
    for (let position = after + 1; events.length < maxCount; position++) {
      const entry = this.entries.get(position);
      if (entry === undefined) break;
      events.push(recordedOf(entry, position));
    }
    return events;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** What decodeEvent gives for the row the append wrote: the stored row keeps every value exactly. */
function recordedOf(entry: TailEntry, position: number): RecordedEvent {
  const metadata = (JSON.parse(entry.event.metadata) ?? {}) as Record<string, unknown>;
  // A read shares one frozen object per actor between the events that name it.
  if (typeof metadata.actor === 'object' && metadata.actor !== null && !Array.isArray(metadata.actor))
    deepFrozen(metadata.actor);
  return {
    eventId: entry.event.eventId,
    streamId: entry.streamId,
    revision: entry.revision,
    position,
    type: entry.event.type,
    data: JSON.parse(entry.event.data) as unknown,
    metadata,
    recordedAt: isoTimeOf(entry.recordedAt),
  };
}
