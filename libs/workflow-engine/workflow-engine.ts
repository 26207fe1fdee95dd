import {
  CaseNotFoundError,
  ConcurrencyExhaustedError,
  DuplicateEventIdError,
  IdempotencyKeyReusedError,
  PreconditionFailedError,
  TransitionNotAllowedError,
  WrongExpectedRevisionError,
  eventIdFor,
  timeOrderedId,
  uuidFromName,
  type Clock,
  type EventMetadata,
  type NewEvent,
  type OnBehalfOf,
  type RecordedEvent,
  type RequiredDocuments,
} from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';
import { fingerprintPaths, sealPaths, type PersonalDataKeyVault } from '../personal-data/index.js';
import type { ActingDelegations } from './acting-delegations.js';
import { requireDocuments } from './attachment-record.js';
import type { CaseCommand, CaseCommandExecutor, CommandOutcome } from './case-command.js';
import { NO_REFERENCES, resolveReferences, type ResolvedReferences } from './case-references.js';
import type { CaseRepository } from './case-repository.js';
import { evolve } from './case-replay.js';
import { CREATE_ACTION, contextOf, decide, type CaseState, type Decision } from './decider.js';
import { GENESIS_HASH, commandFingerprint, eventHash } from './hash-chain.js';
import { StreamLock } from './stream-lock.js';
import { streamIdOf } from './stream-name.js';
import type { WorkflowRegistry } from './workflow-registry.js';

/** A decided command, ready to append. */
interface PreparedEvent {
  readonly definition: CaseState['definition'];
  readonly decision: Decision;
  readonly event: NewEvent;
  readonly occurredAt: string;
  /** The actor the machine accepted: the caller, or the caller acting under a delegation. */
  readonly actor?: CaseCommand['actor'];
}

export interface WorkflowEngineOptions {
  /** Re-reads and re-decisions after a revision conflict when the caller sent no If-Match. */
  readonly maxConflictRetries?: number;
  /** Seals the personal data an action declares before it is recorded (see PersonalDataVault). */
  readonly vault?: PersonalDataKeyVault;
  /**
   * Checks a command's payload against its workflow's schema before anything else and returns the payload
   * to record (whitelisted, normalised); a problem throws ValidationFailedError.
   */
  readonly validatePayload?: PayloadValidator;
  /** Absences declared by approvers: a delegate refused on their own may act on the absent one's turn. */
  readonly delegations?: ActingDelegations;
  /** By case type: documents an action needs attached to the case first (WorkflowModule.requiredDocuments). */
  readonly requiredDocuments?: ReadonlyMap<string, RequiredDocuments>;
}

export type PayloadValidator = (
  caseType: string,
  action: string,
  data: unknown,
) => Promise<Record<string, unknown>>;

/**
 * The one command path: load the case, fold it through its pinned machine, let the machine decide for
 * this actor, append exactly one event with the expected revision, remember the new state.
 */
export class WorkflowEngine implements CaseCommandExecutor {
  private readonly locks = new StreamLock();
  private readonly maxConflictRetries: number;
  private readonly vault: PersonalDataKeyVault | undefined;
  private readonly validatePayload: PayloadValidator | undefined;
  private readonly delegations: ActingDelegations | undefined;
  private readonly requiredDocuments: ReadonlyMap<string, RequiredDocuments>;
  private readonly pathsByAction = new Map<string, readonly string[]>();
  private inFlight = 0;
  private drained: (() => void) | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly registry: WorkflowRegistry,
    private readonly repository: CaseRepository,
    private readonly clock: Clock,
    options: WorkflowEngineOptions = {},
  ) {
    this.maxConflictRetries = options.maxConflictRetries ?? 5;
    this.vault = options.vault;
    this.validatePayload = options.validatePayload;
    this.delegations = options.delegations;
    this.requiredDocuments = options.requiredDocuments ?? new Map();
  }

  async execute(received: CaseCommand): Promise<CommandOutcome> {
    if (!this.registry.has(received.caseType))
      throw new CaseNotFoundError(received.caseType, received.caseId ?? '');
    const command =
      this.validatePayload === undefined
        ? received
        : {
            ...received,
            data: await this.validatePayload(received.caseType, received.action, received.data),
          };
    const receivedAt = this.clock.now();
    const commandId = command.commandId ?? timeOrderedId(receivedAt);
    const caseId =
      command.caseId ??
      (command.commandId !== undefined
        ? uuidFromName(`${command.caseType}:${command.commandId}`)
        : timeOrderedId(receivedAt));
    if (command.action !== CREATE_ACTION && command.caseId === undefined) {
      throw new CaseNotFoundError(command.caseType, '');
    }
    const streamId = streamIdOf(command.caseType, caseId);
    // The case's key, fetched (or created) once for the fingerprint here and the sealing in `prepare`.
    if (this.vault !== undefined && this.personalDataPaths(command.caseType, command.action).length > 0)
      await this.vault.load([caseId], { create: true });
    const commandHash = this.fingerprint(command, caseId, true);

    this.inFlight += 1;
    try {
      return await this.locks.run(streamId, () =>
        this.decideAndAppend({ ...command, caseId, commandId }, streamId, commandHash, {
          // A command id the caller chose may already be stored by another process; a stale cache would
          // let the store answer the repeat as a fresh append. Only fresh ids may start from the cache.
          mayStartFromCache: command.commandId === undefined,
          // A case id generated just now names no stream yet: there is nothing to read.
          newCase: command.caseId === undefined && command.commandId === undefined,
        }),
      );
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  /**
   * The request's fingerprint, to tell a true retry from a reused Idempotency-Key. Personal data enters it
   * only as a digest under the case's key (never in clear: the fingerprint is stored in every event and
   * outlives an erasure), so it is repeatable while the key exists and a retry after the erasure of a
   * command carrying personal data is refused (PersonalDataErasedError). `keyed: false` gives the
   * unkeyed fingerprint events recorded before keyed fingerprints carry, to recognise their retries.
   */
  private fingerprint(command: CaseCommand, caseId: string, keyed: boolean): string {
    const paths = this.personalDataPaths(command.caseType, command.action);
    const data =
      keyed && this.vault !== undefined && paths.length > 0
        ? fingerprintPaths(this.vault, caseId, command.data, paths)
        : command.data;
    return commandFingerprint({
      caseType: command.caseType,
      caseId: command.action === CREATE_ACTION ? null : caseId,
      action: command.action,
      data,
      actor: command.actor.id,
    });
  }

  /** Personal-data paths the action declares in any version (a fingerprint must not depend on the case's). */
  private personalDataPaths(caseType: string, action: string): readonly string[] {
    const cacheKey = `${caseType}\u0000${action}`;
    const known = this.pathsByAction.get(cacheKey);
    if (known !== undefined) return known;
    const paths = new Set<string>();
    for (const definition of this.registry.versionsOf(caseType)) {
      const declared =
        action === CREATE_ACTION ? definition.create.personalData : definition.actions[action]?.personalData;
      for (const path of declared ?? []) paths.add(path);
    }
    this.pathsByAction.set(cacheKey, [...paths]);
    return [...paths];
  }

  /** Resolves when no command is between decision and acknowledgement (graceful shutdown). */
  async drain(): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => (this.drained = resolve));
  }

  private async decideAndAppend(
    command: CaseCommand & { caseId: string; commandId: string },
    streamId: string,
    commandHash: string,
    options: { mayStartFromCache: boolean; newCase: boolean },
  ): Promise<CommandOutcome> {
    for (let attempt = 0; ; attempt++) {
      // The first attempt of a command with a fresh id decides on the hot cached state without reading the
      // store. A write this process has not seen (the worker, another node) fails the append's
      // expected-revision check, and anything the cached state refuses is decided again on the store's
      // state before the caller hears of it.
      const cached =
        attempt === 0 && options.mayStartFromCache
          ? this.repository.cached(command.caseType, command.caseId)
          : undefined;
      const state =
        cached ??
        (attempt === 0 && options.newCase
          ? undefined
          : await this.repository.load(command.caseType, command.caseId));
      const references = await this.referencesOf(command, state);
      let prepared: PreparedEvent;
      try {
        const early = this.prepare(command, commandHash, streamId, state, references);
        if ('duplicate' in early) return early;
        prepared = early;
      } catch (error) {
        if (cached !== undefined) continue;
        const delegated = await this.prepareDelegated(
          error,
          command,
          commandHash,
          streamId,
          state,
          references,
        );
        if (delegated === undefined) throw error;
        prepared = delegated;
      }
      const { definition, decision, event, occurredAt } = prepared;
      // Also after the machine accepted it: a command not allowed now is 409, not a request for documents.
      await requireDocuments(this.store, this.requiredDocuments.get(command.caseType), {
        caseId: command.caseId,
        action: command.action,
        machineVersion: definition.version,
      });
      try {
        const result = await this.store.append(
          streamId,
          [event],
          state === undefined ? 'no_stream' : state.revision,
        );
        const recorded: RecordedEvent = {
          ...event,
          streamId,
          revision: result.nextRevision,
          position: result.position,
          recordedAt: occurredAt,
        };
        const decided = evolve(definition, state, recorded, decision.snapshot);
        this.repository.remember(decided);
        return {
          ...this.outcome(command, result.nextRevision, result.position, decision.eventType),
          duplicate: false,
          decided,
        };
      } catch (error) {
        const conflict =
          error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError;
        if (!conflict) throw error;
        this.repository.forget(command.caseType, command.caseId);
        // From a stale cache the conflict may be ours, not the caller's: the next attempt reads the store,
        // where a repeated command is found and If-Match is checked against the real revision.
        if (cached !== undefined) continue;
        if (command.expectedRevision !== undefined && error instanceof WrongExpectedRevisionError) {
          const actual = error.actual === 'no_stream' ? -1 : error.actual;
          throw new PreconditionFailedError(command.expectedRevision, actual);
        }
        if (attempt >= this.maxConflictRetries) {
          throw new ConcurrencyExhaustedError(`Case ${command.caseId} kept changing; try again`);
        }
      }
    }
  }

  /**
   * The cases the payload names, loaded for the caller (their own scope, never a delegation's) and the
   * dealer of the case acted on: the creating dealer for a new case. The decider refuses what was not found
   * once the machine has accepted the command, and gives the summaries to the action's check.
   */
  private async referencesOf(
    command: CaseCommand,
    state: CaseState | undefined,
  ): Promise<ResolvedReferences> {
    if (command.action !== CREATE_ACTION && state === undefined) return NO_REFERENCES;
    const definition = state?.definition ?? this.registry.latest(command.caseType);
    const action = command.action === CREATE_ACTION ? definition.create : definition.actions[command.action];
    const ownerDealerId = state === undefined ? command.actor.dealerId : contextOf(state).dealerId;
    return resolveReferences(
      action,
      command.data,
      command.actor,
      ownerDealerId,
      this.repository,
      this.registry,
    );
  }

  /**
   * A command the machine refused for the caller's own roles, decided again under each delegation the
   * caller may act under on this case (acting-delegations.ts): the first the machine accepts is recorded
   * with `onBehalfOf`. Never for a create, and never for anything but a refused transition.
   */
  private async prepareDelegated(
    refusal: unknown,
    command: CaseCommand & { caseId: string; commandId: string },
    commandHash: string,
    streamId: string,
    state: CaseState | undefined,
    references: ResolvedReferences,
  ): Promise<PreparedEvent | undefined> {
    if (
      this.delegations === undefined ||
      state === undefined ||
      command.action === CREATE_ACTION ||
      !(refusal instanceof TransitionNotAllowedError)
    )
      return undefined;
    const { dealerId, regionId } = contextOf(state);
    const owner = { dealerId, ...(regionId !== undefined ? { regionId } : {}) };
    const acting = await this.delegations.actingFor(command.actor, owner, this.clock.now().toISOString());
    for (const { actor, onBehalfOf } of acting) {
      try {
        const prepared = this.prepare(
          { ...command, actor },
          commandHash,
          streamId,
          state,
          references,
          onBehalfOf,
        );
        if (!('duplicate' in prepared)) return { ...prepared, actor };
      } catch (error) {
        if (!(error instanceof TransitionNotAllowedError)) throw error;
      }
    }
    return undefined;
  }

  /** Everything before the append: a repeated command's first outcome, or the decision and its event. */
  private prepare(
    command: CaseCommand & { caseId: string; commandId: string },
    commandHash: string,
    streamId: string,
    state: CaseState | undefined,
    references: ResolvedReferences,
    onBehalfOf?: OnBehalfOf,
  ): CommandOutcome | PreparedEvent {
    const repeated = state?.commands.get(command.commandId);
    if (repeated !== undefined) {
      const sameRequest =
        repeated.commandHash === commandHash ||
        (this.vault !== undefined &&
          repeated.commandHash === this.fingerprint(command, command.caseId, false));
      if (!sameRequest) throw new IdempotencyKeyReusedError(command.commandId);
      return {
        ...this.outcome(command, repeated.revision, repeated.position, repeated.eventType),
        duplicate: true,
      };
    }
    if (state === undefined && command.action !== CREATE_ACTION) {
      throw new CaseNotFoundError(command.caseType, command.caseId);
    }
    if (
      command.expectedRevision !== undefined &&
      state !== undefined &&
      state.revision !== command.expectedRevision
    ) {
      throw new PreconditionFailedError(command.expectedRevision, state.revision);
    }

    const definition = state?.definition ?? this.registry.latest(command.caseType);
    const occurredAt = this.clock.now().toISOString();
    const personalData =
      command.action === CREATE_ACTION
        ? definition.create.personalData
        : definition.actions[command.action]?.personalData;
    const data =
      this.vault !== undefined && personalData !== undefined
        ? sealPaths(this.vault, command.caseId, command.data, personalData)
        : command.data;
    const decision = decide(definition, state, {
      caseId: command.caseId,
      action: command.action,
      data,
      actor: command.actor,
      occurredAt,
      referenced: references.cases,
      referenceProblems: references.problems,
    });
    const event = this.toNewEvent(command, streamId, state, decision, commandHash, occurredAt, onBehalfOf);
    return { definition, decision, event, occurredAt };
  }

  private toNewEvent(
    command: CaseCommand & { caseId: string; commandId: string },
    streamId: string,
    state: CaseState | undefined,
    decision: Decision,
    commandHash: string,
    occurredAt: string,
    onBehalfOf: OnBehalfOf | undefined,
  ): NewEvent {
    const definition = state?.definition ?? this.registry.latest(command.caseType);
    const eventId = eventIdFor(streamId, command.commandId);
    const correlationId = command.correlationId ?? command.commandId;
    const metadataWithoutHash: Omit<EventMetadata, 'hash'> = {
      caseType: command.caseType,
      caseId: command.caseId,
      machineVersion: definition.version,
      schemaVersion: definition.schemaVersions?.[decision.eventType] ?? 1,
      actor: command.actor,
      occurredAt,
      commandId: command.commandId,
      commandHash,
      // Marks a fingerprint that holds personal data only under the case's key; its absence on an action
      // declaring personal data marks one recorded before (`personal-data legacy-fingerprints`).
      ...(this.vault !== undefined && this.personalDataPaths(command.caseType, command.action).length > 0
        ? { commandHashKeyed: true as const }
        : {}),
      action: decision.action,
      correlationId,
      causationId: command.causationId ?? command.commandId,
      fromState: decision.fromState,
      toState: decision.toState,
      ...(onBehalfOf !== undefined ? { onBehalfOf } : {}),
      prevHash: state?.lastHash ?? GENESIS_HASH,
    };
    const revision = state === undefined ? 0 : state.revision + 1;
    const hash = eventHash({
      streamId,
      revision,
      eventId,
      type: decision.eventType,
      data: decision.data,
      metadata: metadataWithoutHash,
    });
    return {
      eventId,
      type: decision.eventType,
      data: decision.data,
      metadata: { ...metadataWithoutHash, hash },
    };
  }

  private outcome(
    command: { caseType: string; caseId: string },
    revision: number,
    position: number,
    eventType: string,
  ): Omit<CommandOutcome, 'duplicate'> {
    return { caseType: command.caseType, caseId: command.caseId, revision, position, eventType };
  }
}
