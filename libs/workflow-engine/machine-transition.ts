import { createActor, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { CaseEvent } from '../kernel/index.js';

const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

/**
 * XState's pure `transition(machine, snapshot, event)`, without its per-call cost: that function builds a
 * throw-away actor (and with it the machine's initial snapshot and an actor system) for every call, which
 * was two thirds of every fold. Our machines are pure (assign only, no spawned children, no side effects),
 * so one inert scope per machine serves every call; like XState's own, it collects no actions because the
 * engine executes none.
 */
export function machineTransition(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: CaseEvent,
): AnyMachineSnapshot {
  return machine.transition(snapshot, event, inertScope(machine)) as AnyMachineSnapshot;
}

/** The machine's JSON form of a snapshot (state value, context, status, history), for a case snapshot. */
export function persistMachineSnapshot(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): unknown {
  return machine.getPersistedSnapshot(snapshot);
}

/** A snapshot back from its JSON form; the inverse of persistMachineSnapshot. */
export function restoreMachineSnapshot(machine: AnyStateMachine, persisted: unknown): AnyMachineSnapshot {
  return machine.restoreSnapshot(
    persisted as Parameters<AnyStateMachine['restoreSnapshot']>[0],
    inertScope(machine),
  ) as AnyMachineSnapshot;
}

function inertScope(machine: AnyStateMachine): AnyActorScope {
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
