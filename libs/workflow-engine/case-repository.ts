import {
  StreamNotFoundError,
  type CaseContext,
  type EventMetadata,
  type RecordedEvent,
} from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';
import { replay } from './case-replay.js';
import {
  decodeCaseState,
  encodeCaseState,
  type CaseSnapshot,
  type CaseSnapshotStore,
} from './case-snapshot.js';
import type { CaseState } from './decider.js';
import { LruCache } from './lru-cache.js';
import { streamIdOf } from './stream-name.js';
import type { WorkflowRegistry } from './workflow-registry.js';

export interface CaseSnapshotOptions {
  readonly store: CaseSnapshotStore;
  /** A snapshot is kept after every `interval` events of a case (after revisions interval − 1, 2·interval − 1, …). */
  readonly interval: number;
}

/** What the snapshots did since start, for /metrics. */
export interface CaseSnapshotCounts {
  /** Cold loads and as-of views that started from a snapshot. */
  used: number;
  saved: number;
  /** Snapshots found not to match the log any more (and dropped). */
  discarded: number;
  /** Snapshot reads or writes that failed; the load then folded the whole stream. */
  failed: number;
}

interface ColdStart {
  readonly start: CaseState | undefined;
  readonly events: readonly RecordedEvent[];
}

/**
 * Loads cases by folding their streams through the machine version pinned by the first event.
 * A bounded cache keeps hot cases folded; every load still asks the store for events after the cached
 * revision, so writes from another process (the worker, another node) are never missed. Commands may
 * start from `cached` instead (see WorkflowEngine). A case that is not cached starts from its latest
 * snapshot, if one is kept and still matches the log, and folds only the events after it.
 */
export class CaseRepository {
  readonly snapshotCounts: CaseSnapshotCounts = { used: 0, saved: 0, discarded: 0, failed: 0 };
  private readonly cache: LruCache<string, CaseState>;

  constructor(
    private readonly store: EventStore,
    private readonly registry: WorkflowRegistry,
    cacheSize = 10_000,
    private readonly snapshots?: CaseSnapshotOptions,
  ) {
    this.cache = new LruCache(cacheSize);
  }

  async load(caseType: string, caseId: string): Promise<CaseState | undefined> {
    const streamId = streamIdOf(caseType, caseId);
    const cached = this.cache.get(streamId);
    const { start, events } = cached
      ? { start: cached, events: await this.readFrom(streamId, cached.revision + 1) }
      : await this.coldStart(streamId);
    if (events.length === 0) {
      if (start !== undefined && start !== cached) this.cache.set(streamId, start);
      return start;
    }
    const state = this.foldOnto(start, events, streamId);
    this.cache.set(streamId, state);
    return state;
  }

  /**
   * The case as this process last folded it, without asking the store: it may be behind a write from
   * another process. Only for a command's first attempt, whose append checks the expected revision.
   */
  cached(caseType: string, caseId: string): CaseState | undefined {
    return this.cache.get(streamIdOf(caseType, caseId));
  }

  /** The case as it was at `asOf` (events that occurred at or before it), never from the cache. */
  async loadAsOf(caseType: string, caseId: string, asOf: Date): Promise<CaseState | undefined> {
    const until = asOf.getTime();
    const { start, events } = await this.coldStart(streamIdOf(caseType, caseId), until);
    const upTo = events.filter(
      (event) => Date.parse((event.metadata as unknown as EventMetadata).occurredAt) <= until,
    );
    return upTo.length === 0 ? start : this.foldOnto(start, upTo);
  }

  async history(caseType: string, caseId: string): Promise<RecordedEvent[]> {
    return this.readFrom(streamIdOf(caseType, caseId), 0);
  }

  /** Records a state the engine just produced, so the next command starts from it. */
  remember(state: CaseState): void {
    const context = state.snapshot.context as CaseContext;
    const streamId = streamIdOf(state.definition.caseType, context.caseId);
    this.cache.set(streamId, state);
    this.keepSnapshotOf(streamId, state);
  }

  forget(caseType: string, caseId: string): void {
    this.cache.delete(streamIdOf(caseType, caseId));
  }

  /**
   * Where a cold fold starts: the latest snapshot (for an as-of view, the latest whose events all occurred
   * by then) and the events after it, or nothing and the whole stream. The snapshot is read back together
   * with the event it was taken after, and used only if that event still has the hash it names.
   */
  private async coldStart(streamId: string, occurredByMs?: number): Promise<ColdStart> {
    const snapshots = this.snapshots?.store;
    let snapshot: CaseSnapshot | undefined;
    try {
      snapshot = await snapshots?.latest(streamId, occurredByMs);
    } catch {
      this.snapshotCounts.failed += 1;
    }
    if (snapshots !== undefined && snapshot !== undefined) {
      const events = await this.readFrom(streamId, snapshot.revision);
      const anchor = events[0];
      if (
        anchor?.revision === snapshot.revision &&
        (anchor.metadata as unknown as EventMetadata).hash === snapshot.lastHash
      ) {
        let start;
        try {
          start = decodeCaseState(this.registry, snapshot);
        } catch {
          start = undefined;
        }
        if (start !== undefined) {
          this.snapshotCounts.used += 1;
          return { start, events: events.slice(1) };
        }
      }
      this.snapshotCounts.discarded += 1;
      this.bestEffort(() => snapshots.discard(streamId, snapshot.revision));
    }
    return { start: undefined, events: await this.readFrom(streamId, 0) };
  }

  /** Folds `events` onto `start`; with `snapshotsOf`, keeps the snapshots of that stream it passes. */
  private foldOnto(
    start: CaseState | undefined,
    events: readonly RecordedEvent[],
    snapshotsOf?: string,
  ): CaseState {
    const keep =
      snapshotsOf === undefined ? undefined : (state: CaseState) => this.keepSnapshotOf(snapshotsOf, state);
    return replay(this.registry, events, start, keep)!;
  }

  private keepSnapshotOf(streamId: string, state: CaseState): void {
    const snapshots = this.snapshots;
    if (snapshots === undefined || (state.revision + 1) % snapshots.interval !== 0) return;
    this.bestEffort(
      () => snapshots.store.save(encodeCaseState(streamId, state)),
      () => (this.snapshotCounts.saved += 1),
    );
  }

  /**
   * A snapshot is a cache: failing to keep or drop one must not fail a command whose event is already
   * stored, nor a load. A store that answers later is not waited for; its outcome is only counted.
   */
  private bestEffort(write: () => void | Promise<void>, done?: () => void): void {
    const failed = (): void => void (this.snapshotCounts.failed += 1);
    try {
      const pending = write();
      if (pending === undefined) done?.();
      else pending.then(done, failed);
    } catch {
      failed();
    }
  }

  private async readFrom(streamId: string, fromRevision: number): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId, { fromRevision });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}
