import {
  CaseNotFoundError,
  EngineError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  eventIdFor,
  timeOrderedId,
  type Actor,
  type CaseOwner,
  type Clock,
  type RecordedEvent,
} from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';
import type { PersonalDataKeyVault } from '../personal-data/index.js';
import type { CaseRepository } from './case-repository.js';
import { contextOf } from './decider.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { streamIdOf } from './stream-name.js';
import type { WorkflowRegistry } from './workflow-registry.js';

/**
 * `caseType` in the metadata of an erasure record. The record lives in a stream of its own per case
 * (`personal-data-erasure-<caseId>`), never in the case's stream: the case's machine never sees it, so the
 * case's verification and re-decision are exactly as before, while the record has a hash chain of its own
 * and shows in the audit index and exports under the case's id.
 */
export const ERASURE_RECORD = 'personal-data-erasure';
export const PERSONAL_DATA_ERASED = 'PersonalDataErased';

/** Who erased a case's personal data, when and why (the erasure record's event, as readers see it). */
export interface ErasureRecord {
  readonly caseType: string;
  readonly caseId: string;
  readonly erasedAt: string;
  readonly erasedBy: { readonly id: string; readonly name?: string; readonly roles: readonly string[] };
  readonly reason: string;
  readonly position: number;
  readonly hash: string;
}

/** The case's personal data was erased before; it is erased once, and the first record stands. */
export class PersonalDataAlreadyErasedError extends EngineError {
  constructor(readonly record: ErasureRecord) {
    super(`The personal data of case ${record.caseId} was already erased at ${record.erasedAt}`);
  }
}

export function erasureStreamOf(caseId: string): string {
  return streamIdOf(ERASURE_RECORD, caseId);
}

/**
 * Erasure of a case's personal data on request: an event records who and why, then the case's key is
 * destroyed (crypto-shredding). The record comes first so an erasure is never silent; if the process dies
 * between the two, asking again finds the record and destroys the key it left behind.
 */
export class PersonalDataEraser {
  constructor(
    private readonly store: EventStore,
    private readonly registry: WorkflowRegistry,
    private readonly repository: CaseRepository,
    private readonly vault: PersonalDataKeyVault,
    private readonly clock: Clock,
  ) {}

  /** The case's type and owner, by trying every registered type (for the CLI, which knows only the id). */
  async findCase(caseId: string): Promise<{ caseType: string; owner: CaseOwner } | undefined> {
    for (const caseType of this.registry.caseTypes()) {
      const state = await this.repository.load(caseType, caseId);
      if (state === undefined) continue;
      const { dealerId, regionId } = contextOf(state);
      return { caseType, owner: { dealerId, ...(regionId !== undefined ? { regionId } : {}) } };
    }
    return undefined;
  }

  async erase(request: {
    readonly caseId: string;
    readonly caseType?: string;
    readonly actor: Actor;
    readonly reason: string;
    readonly correlationId?: string;
  }): Promise<ErasureRecord> {
    const found = await this.findCase(request.caseId);
    if (found === undefined || (request.caseType !== undefined && found.caseType !== request.caseType)) {
      throw new CaseNotFoundError(request.caseType ?? 'case', request.caseId);
    }
    const earlier = await this.recordOf(request.caseId);
    if (earlier !== undefined) {
      await this.vault.erase(request.caseId);
      throw new PersonalDataAlreadyErasedError(earlier);
    }
    const streamId = erasureStreamOf(request.caseId);
    const commandId = timeOrderedId(this.clock.now());
    const occurredAt = this.clock.now().toISOString();
    const data = {
      caseType: found.caseType,
      dealerId: found.owner.dealerId,
      ...(found.owner.regionId !== undefined ? { regionId: found.owner.regionId } : {}),
      reason: request.reason,
    };
    const metadata = {
      caseType: ERASURE_RECORD,
      caseId: request.caseId,
      machineVersion: 1,
      schemaVersion: 1,
      actor: request.actor,
      occurredAt,
      commandId,
      action: 'erase-personal-data',
      correlationId: request.correlationId ?? commandId,
      causationId: commandId,
      fromState: 'recorded',
      toState: 'erased',
      prevHash: GENESIS_HASH,
    };
    const eventId = eventIdFor(streamId, commandId);
    const hash = eventHash({ streamId, revision: 0, eventId, type: PERSONAL_DATA_ERASED, data, metadata });
    try {
      await this.store.append(
        streamId,
        [{ eventId, type: PERSONAL_DATA_ERASED, data, metadata: { ...metadata, hash } }],
        'no_stream',
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const concurrent = await this.recordOf(request.caseId);
      if (concurrent !== undefined) throw new PersonalDataAlreadyErasedError(concurrent);
      throw error;
    }
    await this.vault.erase(request.caseId, new Date(occurredAt));
    return (await this.recordOf(request.caseId))!;
  }

  /** The case's erasure record, if its personal data was erased. */
  async recordOf(caseId: string): Promise<ErasureRecord | undefined> {
    let events: readonly RecordedEvent[];
    try {
      events = await this.store.readStream(erasureStreamOf(caseId), { fromRevision: 0, toRevision: 0 });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    const [event] = events;
    return event === undefined ? undefined : erasureRecordOf(event);
  }
}

export function erasureRecordOf(event: RecordedEvent): ErasureRecord {
  const data = event.data as { caseType: string; reason: string };
  const metadata = event.metadata as { caseId: string; occurredAt: string; actor: Actor; hash: string };
  return {
    caseType: data.caseType,
    caseId: metadata.caseId,
    erasedAt: metadata.occurredAt,
    erasedBy: {
      id: metadata.actor.id,
      ...(metadata.actor.name !== undefined ? { name: metadata.actor.name } : {}),
      roles: metadata.actor.roles,
    },
    reason: data.reason,
    position: event.position,
    hash: metadata.hash,
  };
}
