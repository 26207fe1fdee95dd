import type {
  CaseContext,
  CaseEvent,
  EventMetadata,
  RecordedEvent,
  WorkflowDefinition,
} from '../kernel/index.js';
import { CommandIndex } from './command-index.js';
import type { CaseState } from './decider.js';
import type { WorkflowRegistry } from './workflow-registry.js';
import {
  initialMachineSnapshot,
  machineTransition,
  restoreMachineSnapshot,
  type MachineSnapshot,
  type StoredMachineState,
} from './xstate-adapter.js';

/**
 * The one way a case is rebuilt from its recorded events: each stored event is upcast to its current
 * schema and fed to the machine version pinned by the case's first event. Replay never re-decides;
 * verification does (see verification.ts). Every reader of a case — the repository (cold, cached, from a
 * snapshot, as of a moment), verification, the read model and the idempotent response replay — folds here.
 */

/** The machine's state before a case's first event. */
export function initialSnapshot(definition: WorkflowDefinition): MachineSnapshot {
  return initialMachineSnapshot(definition.machine);
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

/** The machine's state after one stored event (from the initial state when `snapshot` is undefined). */
export function nextSnapshot(
  definition: WorkflowDefinition,
  snapshot: MachineSnapshot | undefined,
  event: RecordedEvent,
): MachineSnapshot {
  return machineTransition(
    definition.machine,
    snapshot ?? initialSnapshot(definition),
    toCaseEvent(definition, event),
  );
}

/**
 * A machine state back from its stored form (a case snapshot's, or a read-model row's value and context),
 * on the machine version that made it.
 */
export function restoreSnapshot(definition: WorkflowDefinition, stored: StoredMachineState): MachineSnapshot {
  return restoreMachineSnapshot(definition.machine, stored);
}

/**
 * Folds one stored event into the case, returning the next state and leaving `state` as it was.
 * `decided` is the machine's next snapshot when the caller just computed it for this very event (the
 * engine, right after appending its own decision), so the machine does not run twice.
 */
export function evolve<TContext extends CaseContext>(
  definition: WorkflowDefinition<TContext>,
  state: CaseState<TContext> | undefined,
  event: RecordedEvent,
  decided?: MachineSnapshot,
): CaseState<TContext> {
  const metadata = event.metadata as unknown as EventMetadata;
  const commands = state?.commands ?? CommandIndex.empty();
  return {
    definition,
    snapshot: decided ?? nextSnapshot(definition, state?.snapshot, event),
    revision: event.revision,
    createdAt: state?.createdAt ?? metadata.occurredAt,
    updatedAt: metadata.occurredAt,
    // ISO-8601 UTC strings from the engine clock all have one format, so they compare as text.
    latestOccurredAt:
      state !== undefined && state.latestOccurredAt > metadata.occurredAt
        ? state.latestOccurredAt
        : metadata.occurredAt,
    lastHash: metadata.hash,
    commands: metadata.commandId
      ? commands.with(metadata.commandId, {
          revision: event.revision,
          position: event.position,
          eventType: event.type,
          commandHash: metadata.commandHash,
        })
      : commands,
  };
}

/** Folds `events` through one machine version, onto `from` (a snapshot's state) or from the start. */
export function fold<TContext extends CaseContext>(
  definition: WorkflowDefinition<TContext>,
  events: readonly RecordedEvent[],
  from?: CaseState<TContext>,
): CaseState<TContext> | undefined {
  let state = from;
  for (const event of events) state = evolve(definition, state, event);
  return state;
}

/** The machine version that folds `event`: the one already folding the case, else the one its first event names. */
export function pinnedDefinition(
  registry: WorkflowRegistry,
  state: CaseState | undefined,
  event: RecordedEvent,
): WorkflowDefinition {
  if (state !== undefined) return state.definition;
  const metadata = event.metadata as unknown as EventMetadata;
  return registry.version(metadata.caseType, metadata.machineVersion);
}

/**
 * A case's events (or the tail after a snapshot, onto the state it holds) folded through the machine
 * version pinned by the first event. `onEvolved` sees every state on the way (to keep snapshots of them).
 */
export function replay(
  registry: WorkflowRegistry,
  events: readonly RecordedEvent[],
  from?: CaseState,
  onEvolved?: (state: CaseState) => void,
): CaseState | undefined {
  let state = from;
  for (const event of events) {
    state = evolve(pinnedDefinition(registry, state, event), state, event);
    onEvolved?.(state);
  }
  return state;
}
