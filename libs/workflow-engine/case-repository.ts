import {
  StreamNotFoundError,
  type CaseContext,
  type EventMetadata,
  type RecordedEvent,
} from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';
import { evolve, type CaseState } from './decider.js';
import { LruCache } from './lru-cache.js';
import { streamIdOf } from './stream-name.js';
import type { WorkflowRegistry } from './workflow-registry.js';

/**
 * Loads cases by folding their streams through the machine version pinned by the first event.
 * A bounded cache keeps hot cases folded; every load still asks the store for events after the cached
 * revision, so writes from another process (the worker, another node) are never missed. Commands may
 * start from `cached` instead (see WorkflowEngine).
 */
export class CaseRepository {
  private readonly cache: LruCache<string, CaseState>;

  constructor(
    private readonly store: EventStore,
    private readonly registry: WorkflowRegistry,
    cacheSize = 10_000,
  ) {
    this.cache = new LruCache(cacheSize);
  }

  async load(caseType: string, caseId: string): Promise<CaseState | undefined> {
    const streamId = streamIdOf(caseType, caseId);
    const cached = this.cache.get(streamId);
    const events = await this.readFrom(streamId, cached ? cached.revision + 1 : 0);
    if (events.length === 0) return cached;
    const state = this.foldOnto(cached, events);
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
    const events = await this.readFrom(streamIdOf(caseType, caseId), 0);
    const until = asOf.getTime();
    const upTo = events.filter(
      (event) => Date.parse((event.metadata as unknown as EventMetadata).occurredAt) <= until,
    );
    return upTo.length === 0 ? undefined : this.foldOnto(undefined, upTo);
  }

  async history(caseType: string, caseId: string): Promise<RecordedEvent[]> {
    return this.readFrom(streamIdOf(caseType, caseId), 0);
  }

  /** Records a state the engine just produced, so the next command starts from it. */
  remember(state: CaseState): void {
    const context = state.snapshot.context as CaseContext;
    this.cache.set(streamIdOf(state.definition.caseType, context.caseId), state);
  }

  forget(caseType: string, caseId: string): void {
    this.cache.delete(streamIdOf(caseType, caseId));
  }

  private foldOnto(start: CaseState | undefined, events: readonly RecordedEvent[]): CaseState {
    let state = start;
    for (const event of events) {
      const metadata = event.metadata as unknown as EventMetadata;
      const definition =
        state?.definition ?? this.registry.version(metadata.caseType, metadata.machineVersion);
      state = evolve(definition, state, event);
    }
    return state!;
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
