import type { ExpectedRevision, NewEvent, RecordedEvent } from '../kernel/index.js';

export interface AppendResult {
  /** Revision of the last event now in the stream (0-based). */
  readonly nextRevision: number;
  /** Global position of the last appended event. */
  readonly position: number;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive, default 0). */
  readonly fromRevision?: number;
  /** Last revision to read (inclusive, default: the end). */
  readonly toRevision?: number;
}

export interface ReadAllOptions {
  /** Read events with a position strictly greater than this (default 0: from the beginning). */
  readonly after?: number;
  /** Page size (default 1000). */
  readonly maxCount?: number;
  /**
   * The caller follows the log as it grows (the projections, the webhook feeder): a store may answer the
   * events it has just committed itself from memory, exactly as stored. Without it every page is read from
   * storage, as verification, anchors and exports must: they attest what storage holds.
   */
  readonly following?: boolean;
}

export interface ReadAllPage {
  readonly events: readonly RecordedEvent[];
  /** Pass as `after` to read the next page; equal to `after` when nothing more is stored yet. */
  readonly lastPosition: number;
  readonly isEnd: boolean;
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running. */
  unsubscribe(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events after this position (catch-up first, then live). */
  readonly after?: number;
  /** Called for each event in global order; the next one waits until the promise settles. */
  readonly onEvent: (event: RecordedEvent) => Promise<void> | void;
  /** Called when delivery stops because of an error (a handler that threw, a lost connection). */
  readonly onError?: (error: unknown) => void;
}

/**
 * The event store every adapter implements and the conformance suite checks.
 *
 * - `append` is atomic: all events land in one transaction with consecutive revisions, or none do.
 *   Events whose ids are already stored at the end of the same stream are an idempotent retry: nothing
 *   is written and the original result is returned.
 * - Revisions are 0-based per stream; positions are increasing (not necessarily dense) in the global log.
 */
export interface EventStore {
  readonly name: string;
  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's last revision, or undefined when it does not exist. */
  streamRevision(streamId: string): Promise<number | undefined>;
  readAll(options?: ReadAllOptions): Promise<ReadAllPage>;
  /** The position of the newest event in the global log (0 when empty). */
  headPosition(): Promise<number>;
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** A cheap round trip for health checks. */
  ping(): Promise<void>;
  /** Finishes in-flight appends, then releases the connection or file. */
  close(): Promise<void>;
}
