/**
 * Everything the engine needs from XState, and the only file of libs/ and apps/ that imports it (a lint
 * rule keeps it so; workflows/ import XState to define machines). The engine relies on behaviour that
 * XState does not promise across versions — a transition with an inert actor scope, the shape of a state
 * node, snapshot persistence — so xstate-adapter.spec.ts pins each of them to the XState version this file
 * was written against, and fails when another is installed.
 */
import {
  createActor,
  initialTransition,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type StateValue,
} from 'xstate';
import type { CaseEvent } from '../kernel/index.js';

/** The XState release (major.minor) whose behaviour xstate-adapter.spec.ts pins. */
export const XSTATE_CONTRACT_VERSION = '5.33';

export type Machine = AnyStateMachine;
/** A machine's state: its state value and context, and whether it reached a final state. */
export type MachineSnapshot = AnyMachineSnapshot;

/**
 * A machine state as stored: the JSON form of `persistMachineSnapshot` (a case snapshot), or only the state
 * value and context (a read-model row).
 */
export interface StoredMachineState {
  readonly value: StateValue;
  readonly context: unknown;
  readonly [field: string]: unknown;
}

const initialSnapshots = new WeakMap<AnyStateMachine, AnyMachineSnapshot>();
const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

/**
 * The machine's state before a case's first event. Machines are pure and their initial context is static,
 * so it is computed once per machine (XState builds an inert actor scope for it each time otherwise).
 */
export function initialMachineSnapshot(machine: Machine): MachineSnapshot {
  let snapshot = initialSnapshots.get(machine);
  if (snapshot === undefined) {
    snapshot = initialTransition(machine)[0];
    initialSnapshots.set(machine, snapshot);
  }
  return snapshot;
}

/**
 * XState's pure `transition(machine, snapshot, event)`, without its per-call cost: that function builds a
 * throw-away actor (and with it the machine's initial snapshot and an actor system) for every call. Our
 * machines are pure (assign only, no spawned children, no side effects), so one inert scope per machine
 * serves every call; like XState's own, it executes no actions, because the engine executes none. The
 * snapshot passed in is left as it was.
 */
export function machineTransition(
  machine: Machine,
  snapshot: MachineSnapshot,
  event: CaseEvent,
): MachineSnapshot {
  const next = machine.transition(snapshot, event, inertScope(machine)) as AnyMachineSnapshot;
  // XState's assign makes each new context with Object.assign({}, context, update), which leaves an object
  // of a few dozen keys in V8's slow dictionary mode; every later assign from it, guard and JSON.stringify
  // of it is then several times slower. A spread copy holds the same keys, in the same order, with fast
  // properties. The snapshot is new and nobody else holds it yet.
  if (next.context !== snapshot.context) {
    (next as { context: unknown }).context = { ...(next.context as object) };
  }
  return next;
}

/** Whether the machine, in `snapshot`, has an enabled transition for `event` (guards run, actions do not). */
export function machineAccepts(snapshot: MachineSnapshot, event: CaseEvent): boolean {
  return snapshot.can(event);
}

/** The machine's JSON form of a snapshot (state value, context, status, history), for a case snapshot. */
export function persistMachineSnapshot(machine: Machine, snapshot: MachineSnapshot): StoredMachineState {
  return machine.getPersistedSnapshot(snapshot) as unknown as StoredMachineState;
}

/**
 * A snapshot back from its stored form; the inverse of persistMachineSnapshot. A state stored as value and
 * context only is completed by the machine (its status follows from whether the state is final).
 */
export function restoreMachineSnapshot(machine: Machine, stored: StoredMachineState): MachineSnapshot {
  if (!('children' in stored)) {
    return machine.resolveState({ value: stored.value, context: stored.context as never });
  }
  return machine.restoreSnapshot(
    stored as unknown as Parameters<AnyStateMachine['restoreSnapshot']>[0],
    inertScope(machine),
  ) as AnyMachineSnapshot;
}

/** `{ open: 'routed' }` → `open.routed`; parallel regions are joined with commas. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) =>
      child === undefined || (typeof child === 'object' && Object.keys(child).length === 0)
        ? key
        : `${key}.${stateName(child)}`,
    )
    .join(',');
}

/** One transition of a top-level state, as diagrams and the authorization matrix read it. */
export interface MachineTransitionEdge {
  /** The event type, or undefined for an eventless (`always`) transition. */
  readonly eventType: string | undefined;
  /** The guard as configured: a name, `{ type, params }`, or undefined when unguarded. */
  readonly guard: unknown;
  /** Keys of the target states; empty for a transition that stays. */
  readonly targets: readonly string[];
}

export interface MachineStateNode {
  readonly key: string;
  /** Event transitions in the order declared, then the eventless ones. */
  readonly transitions: readonly MachineTransitionEdge[];
}

/** The shape of a machine: its initial state's key and its top-level states with their transitions. */
export interface MachineGraph {
  readonly initial: string;
  readonly states: readonly MachineStateNode[];
  /** Transitions on the machine itself: taken in every state that does not handle the event on its own. */
  readonly machineWide: readonly MachineTransitionEdge[];
}

interface StateNodeInternals {
  readonly key: string;
  readonly transitions: Map<string, readonly TransitionInternals[]>;
  readonly always?: readonly TransitionInternals[];
  readonly ownEvents: readonly string[];
}

interface TransitionInternals {
  readonly target?: readonly { readonly key: string }[];
  readonly guard?: unknown;
}

const graphs = new WeakMap<AnyStateMachine, MachineGraph>();

export function machineGraph(machine: Machine): MachineGraph {
  let graph = graphs.get(machine);
  if (graph === undefined) {
    const edge = (eventType: string | undefined, transition: TransitionInternals): MachineTransitionEdge => ({
      eventType,
      guard: transition.guard,
      targets: (transition.target ?? []).map((target) => target.key),
    });
    graph = {
      initial: String(machine.root.config.initial),
      states: topLevelStates(machine).map((node) => ({
        key: node.key,
        transitions: [
          ...[...node.transitions].flatMap(([eventType, transitions]) =>
            transitions.map((transition) => edge(eventType, transition)),
          ),
          ...(node.always ?? []).map((transition) => edge(undefined, transition)),
        ],
      })),
      machineWide: [...(machine.root as unknown as StateNodeInternals).transitions].flatMap(
        ([eventType, transitions]) => transitions.map((transition) => edge(eventType, transition)),
      ),
    };
    graphs.set(machine, graph);
  }
  return graph;
}

const acceptedByState = new WeakMap<object, ReadonlySet<string>>();

/**
 * The event types the snapshot's state has transitions for (its own and the machine's), when it is a
 * top-level state of the machine;
 * undefined when it cannot tell (a nested or parallel state). Computed once per state node.
 */
export function acceptedEventTypes(
  machine: Machine,
  snapshot: MachineSnapshot,
): ReadonlySet<string> | undefined {
  if (typeof snapshot.value !== 'string') return undefined;
  const node = (machine.root.states as Record<string, StateNodeInternals | undefined>)[snapshot.value];
  if (node === undefined) return undefined;
  let accepted = acceptedByState.get(node);
  if (accepted === undefined) {
    const root = machine.root as unknown as StateNodeInternals;
    accepted = new Set([...node.ownEvents, ...root.ownEvents]);
    acceptedByState.set(node, accepted);
  }
  return accepted;
}

function topLevelStates(machine: Machine): StateNodeInternals[] {
  return Object.values(machine.root.states) as unknown as StateNodeInternals[];
}

function inertScope(machine: Machine): AnyActorScope {
  let scope = scopes.get(machine);
  if (scope === undefined) {
    const self = createActor(machine);
    scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => {},
      defer: () => {},
      emit: () => {},
      stopChild: () => {},
      actionExecutor: () => {},
    };
    scopes.set(machine, scope);
  }
  return scope;
}
