import {
  ForbiddenError,
  REFERENCED_CASES_KEY,
  TransitionNotAllowedError,
  ValidationFailedError,
  caseReference,
  type ActionDefinition,
  type Actor,
  type CaseContext,
  type CaseEvent,
  type FieldError,
  type ReferencedCases,
  type WorkflowDefinition,
} from '../kernel/index.js';
import type { CommandIndex } from './command-index.js';
import {
  initialMachineSnapshot,
  machineAccepts,
  machineTransition,
  stateName,
  type MachineSnapshot,
} from './xstate-adapter.js';

export const CREATE_ACTION = 'create';

/** A case folded from its events (case-replay.ts): the machine snapshot plus what the engine tracks beside it. */
export interface CaseState<TContext extends CaseContext = CaseContext> {
  readonly definition: WorkflowDefinition<TContext>;
  readonly snapshot: MachineSnapshot;
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
  /** commandId → the revision it produced and the request fingerprint, as of this state. */
  readonly commands: CommandIndex;
}

export function contextOf<TContext extends CaseContext>(state: CaseState<TContext>): TContext {
  return state.snapshot.context as TContext;
}

export function currentStateName(state: CaseState): string {
  return stateName(state.snapshot.value);
}

/** What an accepted command records (the engine adds ids, metadata and the hash chain). */
export interface Decision {
  readonly action: string;
  readonly eventType: string;
  readonly data: Record<string, unknown>;
  readonly fromState: string;
  readonly toState: string;
  readonly snapshot: MachineSnapshot;
}

export interface ActionRequest {
  readonly caseId: string;
  readonly action: string;
  readonly data: Record<string, unknown>;
  readonly actor: Actor;
  readonly occurredAt: string;
  /**
   * Summaries of the cases the payload names (ActionDefinition.references), as the engine found them for
   * the caller; recorded with the event. Replay and verification give back the recorded ones.
   */
  readonly referenced?: ReferencedCases;
  /** Names in the payload the engine found no visible case of the same dealer for (refused, HTTP 400). */
  readonly referenceProblems?: readonly FieldError[];
}

const INITIAL_STATE = '(none)';

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
  snapshot: MachineSnapshot | undefined,
  actor: Actor,
  caseId: string,
  occurredAt: string,
): string[] {
  if (snapshot === undefined) {
    const initial = initialMachineSnapshot(definition.machine);
    return machineAccepts(
      initial,
      probe({ caseId, actor, occurredAt, data: {} }, definition.create.eventType),
    )
      ? [CREATE_ACTION]
      : [];
  }
  return Object.entries(definition.actions)
    .filter(([, action]) =>
      machineAccepts(snapshot, probe({ caseId, actor, occurredAt, data: {} }, action.eventType)),
    )
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
  const before = state?.snapshot ?? initialMachineSnapshot(definition.machine);
  const event: CaseEvent = probe({ ...request, data }, action.eventType);

  if (!machineAccepts(before, event)) {
    if (isCreate) {
      throw new ForbiddenError(`Your roles may not open a ${definition.caseType} here`);
    }
    throw new TransitionNotAllowedError(
      request.action,
      currentStateName(state!),
      allowedActionsFor(state!, request),
    );
  }
  const referenced = request.referenced ?? {};
  refuse([...missingReferences(action, data), ...(request.referenceProblems ?? [])]);
  refuse(
    action.check?.(
      state ? contextOf(state) : undefined,
      data,
      request.actor,
      request.occurredAt,
      referenced,
    ) ?? [],
  );

  const enriched = action.enrich
    ? { ...data, ...action.enrich(state ? contextOf(state) : undefined, data, request.occurredAt) }
    : data;
  // What the decision saw of the cases it references is part of what it recorded.
  const recordedData =
    Object.keys(referenced).length > 0 ? { ...enriched, [REFERENCED_CASES_KEY]: referenced } : enriched;
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

function refuse(problems: readonly FieldError[]): void {
  if (problems.length > 0)
    throw new ValidationFailedError([...problems], problems.map((p) => p.reason).join('; '));
}

/** Reference fields the action requires that the payload does not give. */
function missingReferences(action: ActionDefinition, data: Record<string, unknown>): FieldError[] {
  return Object.entries(action.references ?? {})
    .filter(([field, declared]) => caseReference(declared).required === true && data[field] == null)
    .map(([field, declared]) => ({
      field,
      reason: `is required: the ${caseReference(declared).caseType} this is for`,
      code: 'required',
    }));
}
