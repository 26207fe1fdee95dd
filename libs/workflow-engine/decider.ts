import { initialTransition, type AnyMachineSnapshot } from 'xstate';
import {
  ForbiddenError,
  TransitionNotAllowedError,
  ValidationFailedError,
  type Actor,
  type CaseContext,
  type CaseEvent,
  type EventMetadata,
  type RecordedEvent,
  type WorkflowDefinition,
} from '../kernel/index.js';
import { machineTransition } from './machine-transition.js';
import { stateName } from './state-name.js';

export const CREATE_ACTION = 'create';

/** A case folded from its events: the machine snapshot plus what the engine tracks beside it. */
export interface CaseState<TContext extends CaseContext = CaseContext> {
  readonly definition: WorkflowDefinition<TContext>;
  readonly snapshot: AnyMachineSnapshot;
  /** Revision of the last event folded in (0-based). */
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * The latest occurredAt of any event folded in: updatedAt, unless the engine's clock once went back.
   * An as-of view may start from a case snapshot only if every event in it occurred by then.
   */
  readonly latestOccurredAt: string;
  readonly lastHash: string;
  /** commandId → the revision it produced and the request fingerprint: idempotency without another table. */
  readonly commands: ReadonlyMap<string, RecordedCommand>;
}

export function contextOf<TContext extends CaseContext>(state: CaseState<TContext>): TContext {
  return state.snapshot.context as TContext;
}

export function currentStateName(state: CaseState): string {
  return stateName(state.snapshot.value);
}

export interface RecordedCommand {
  readonly revision: number;
  readonly position: number;
  readonly eventType: string;
  readonly commandHash: string;
}

/** What an accepted command records (the engine adds ids, metadata and the hash chain). */
export interface Decision {
  readonly action: string;
  readonly eventType: string;
  readonly data: Record<string, unknown>;
  readonly fromState: string;
  readonly toState: string;
  readonly snapshot: AnyMachineSnapshot;
}

export interface ActionRequest {
  readonly caseId: string;
  readonly action: string;
  readonly data: Record<string, unknown>;
  readonly actor: Actor;
  readonly occurredAt: string;
}

const INITIAL_STATE = '(none)';

const initialSnapshots = new WeakMap<WorkflowDefinition, AnyMachineSnapshot>();

/**
 * The machine's state before a case's first event. Machines are pure and their initial context is static,
 * so it is computed once per definition (XState builds an inert actor scope for it each time otherwise).
 */
export function initialSnapshot(definition: WorkflowDefinition): AnyMachineSnapshot {
  let snapshot = initialSnapshots.get(definition);
  if (snapshot === undefined) {
    snapshot = initialTransition(definition.machine)[0];
    initialSnapshots.set(definition, snapshot);
  }
  return snapshot;
}

function upcast(definition: WorkflowDefinition, event: RecordedEvent): Record<string, unknown> {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const metadata = event.metadata as Partial<EventMetadata>;
  const current = definition.schemaVersions?.[event.type] ?? 1;
  const stored = metadata.schemaVersion ?? 1;
  const upcaster = definition.upcasters?.[event.type];
  return stored < current && upcaster ? upcaster(data, stored) : data;
}

/** The machine event a stored event stands for: payload upcast to the current schema, actor and time from metadata. */
export function toCaseEvent(definition: WorkflowDefinition, event: RecordedEvent): CaseEvent {
  const metadata = event.metadata as unknown as EventMetadata;
  return {
    type: event.type,
    data: upcast(definition, event),
    actor: metadata.actor,
    occurredAt: metadata.occurredAt,
    caseId: metadata.caseId,
  };
}

/**
 * Folds one stored event into the case. Replay never re-decides; verification does (see audit).
 * `decided` is the machine's next snapshot when the caller just computed it for this very event (the
 * engine, right after appending its own decision), so the machine does not run twice.
 */
export function evolve<TContext extends CaseContext>(
  definition: WorkflowDefinition<TContext>,
  state: CaseState<TContext> | undefined,
  event: RecordedEvent,
  decided?: AnyMachineSnapshot,
): CaseState<TContext> {
  const metadata = event.metadata as unknown as EventMetadata;
  const snapshot =
    decided ??
    machineTransition(
      definition.machine,
      state?.snapshot ?? initialSnapshot(definition),
      toCaseEvent(definition, event),
    );
  // Shared and grown in place: folding stays linear, and an older state only ever gains commands that
  // really were recorded after it, which no reader of that older state asks about.
  const commands =
    (state?.commands as Map<string, RecordedCommand> | undefined) ?? new Map<string, RecordedCommand>();
  if (metadata.commandId) {
    commands.set(metadata.commandId, {
      revision: event.revision,
      position: event.position,
      eventType: event.type,
      commandHash: metadata.commandHash,
    });
  }
  return {
    definition,
    snapshot,
    revision: event.revision,
    createdAt: state?.createdAt ?? metadata.occurredAt,
    updatedAt: metadata.occurredAt,
    // ISO-8601 UTC strings from the engine clock all have one format, so they compare as text.
    latestOccurredAt:
      state !== undefined && state.latestOccurredAt > metadata.occurredAt
        ? state.latestOccurredAt
        : metadata.occurredAt,
    lastHash: metadata.hash,
    commands,
  };
}

export function fold<TContext extends CaseContext>(
  definition: WorkflowDefinition<TContext>,
  events: readonly RecordedEvent[],
  from?: CaseState<TContext>,
): CaseState<TContext> | undefined {
  let state = from;
  for (const event of events) state = evolve(definition, state, event);
  return state;
}

function probe(request: Omit<ActionRequest, 'action'>, eventType: string): CaseEvent {
  return {
    type: eventType,
    data: request.data,
    actor: request.actor,
    occurredAt: request.occurredAt,
    caseId: request.caseId,
  };
}

/** The actions `actor` may take now, computed from the machine's guards (never hand-listed). */
export function allowedActions(
  definition: WorkflowDefinition,
  snapshot: AnyMachineSnapshot | undefined,
  actor: Actor,
  caseId: string,
  occurredAt: string,
): string[] {
  if (snapshot === undefined) {
    const initial = initialSnapshot(definition);
    return initial.can(probe({ caseId, actor, occurredAt, data: {} }, definition.create.eventType))
      ? [CREATE_ACTION]
      : [];
  }
  return Object.entries(definition.actions)
    .filter(([, action]) => snapshot.can(probe({ caseId, actor, occurredAt, data: {} }, action.eventType)))
    .map(([name]) => name);
}

/**
 * decide(state, command) → the event to record, or a typed refusal. Pure: the engine supplies the time,
 * the actor and the case; this function reads nothing else.
 */
export function decide<TContext extends CaseContext>(
  definition: WorkflowDefinition<TContext>,
  state: CaseState<TContext> | undefined,
  request: ActionRequest,
): Decision {
  const isCreate = request.action === CREATE_ACTION;
  const action = isCreate ? definition.create : definition.actions[request.action];
  if (action === undefined) {
    throw new ValidationFailedError(
      [{ field: 'action', reason: `unknown action; known: ${Object.keys(definition.actions).join(', ')}` }],
      `No action '${request.action}' on ${definition.resource}`,
    );
  }
  if (isCreate && state !== undefined) {
    throw new TransitionNotAllowedError(
      request.action,
      currentStateName(state),
      allowedActionsFor(state, request),
    );
  }
  if (!isCreate && state === undefined) {
    throw new TransitionNotAllowedError(request.action, INITIAL_STATE, []);
  }

  const data = isCreate
    ? {
        ...request.data,
        caseId: request.caseId,
        ...(request.actor.dealerId !== undefined ? { dealerId: request.actor.dealerId } : {}),
        ...(request.actor.regionId !== undefined ? { regionId: request.actor.regionId } : {}),
      }
    : request.data;
  const before = state?.snapshot ?? initialSnapshot(definition);
  const event: CaseEvent = probe({ ...request, data }, action.eventType);

  if (!before.can(event)) {
    if (isCreate) {
      throw new ForbiddenError(`Your roles may not open a ${definition.caseType} here`);
    }
    throw new TransitionNotAllowedError(
      request.action,
      currentStateName(state!),
      allowedActionsFor(state!, request),
    );
  }
  const problems =
    action.check?.(state ? contextOf(state) : undefined, data, request.actor, request.occurredAt) ?? [];
  if (problems.length > 0)
    throw new ValidationFailedError(problems, problems.map((p) => p.reason).join('; '));

  const recordedData = action.enrich
    ? { ...data, ...action.enrich(state ? contextOf(state) : undefined, data, request.occurredAt) }
    : data;
  const snapshot = machineTransition(definition.machine, before, { ...event, data: recordedData });
  return {
    action: request.action,
    eventType: action.eventType,
    data: recordedData,
    fromState: state ? currentStateName(state) : INITIAL_STATE,
    toState: stateName(snapshot.value),
    snapshot,
  };
}

function allowedActionsFor(state: CaseState, request: ActionRequest): string[] {
  return allowedActions(state.definition, state.snapshot, request.actor, request.caseId, request.occurredAt);
}
