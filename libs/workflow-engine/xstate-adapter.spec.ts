import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assign, setup, transition } from 'xstate';
import type { Actor, CaseEvent, Role } from '../kernel/index.js';
import {
  XSTATE_CONTRACT_VERSION,
  acceptedEventTypes,
  initialMachineSnapshot,
  machineAccepts,
  machineGraph,
  machineTransition,
  persistMachineSnapshot,
  restoreMachineSnapshot,
  stateName,
} from './xstate-adapter.js';

/**
 * The XState behaviour the engine relies on, pinned: when XState is upgraded, this suite says what changed
 * before a replay does. The machine below uses every feature the workflows use (guards with and without
 * params, assign, a named action, eventless branches, a nested and a final state).
 */

interface Context {
  readonly caseId: string;
  readonly notes: number;
  readonly amount: number;
}

const sideEffects: string[] = [];

const machine = setup({
  types: {} as { context: Context; events: CaseEvent },
  guards: {
    canOpen: ({ event }) => event.actor.roles.includes('customer_service'),
    actsAs: ({ event }, params: { role: Role }) => event.actor.roles.includes(params.role),
    large: ({ context }) => context.amount > 100,
  },
  actions: {
    remember: ({ event }) => {
      sideEffects.push(event.type);
    },
  },
}).createMachine({
  id: 'contract',
  initial: 'none',
  context: { caseId: '', notes: 0, amount: 0 },
  states: {
    none: {
      on: {
        Opened: {
          guard: 'canOpen',
          target: 'open',
          actions: assign(({ event }) => ({ caseId: event.caseId })),
        },
      },
    },
    open: {
      on: {
        Noted: {
          guard: { type: 'actsAs', params: { role: 'customer_service' } },
          actions: [assign(({ context }) => ({ notes: context.notes + 1 })), 'remember'],
        },
        Priced: {
          target: 'pricing',
          actions: assign(({ event }) => ({ amount: Number(event.data.amount) })),
        },
      },
    },
    pricing: {
      always: [{ guard: 'large', target: 'escalated' }, { target: 'done' }],
    },
    escalated: { initial: 'waiting', states: { waiting: {} } },
    done: { type: 'final' },
  },
});

const clerk: Actor = { id: 'clerk-1', roles: ['customer_service'] };
const visitor: Actor = { id: 'visitor-1', roles: ['auditor'] };
const event = (type: string, actor: Actor = clerk, data: Record<string, unknown> = {}): CaseEvent => ({
  type,
  data,
  actor,
  occurredAt: '2026-03-02T09:00:00.000Z',
  caseId: 'case-1',
});

const opened = () => machineTransition(machine, initialMachineSnapshot(machine), event('Opened'));

describe('the XState contract', () => {
  it(`is written against XState ${XSTATE_CONTRACT_VERSION}`, () => {
    const installed = JSON.parse(
      readFileSync(join(process.cwd(), 'node_modules', 'xstate', 'package.json'), 'utf8'),
    ) as { version: string };
    const [major, minor] = installed.version.split('.');
    // Another XState is installed: check every behaviour below against it, then update the version.
    expect(`${major}.${minor}`).toBe(XSTATE_CONTRACT_VERSION);
  });

  it('starts a case from the initial state with the static context, computed once', () => {
    const initial = initialMachineSnapshot(machine);
    expect([initial.value, initial.context, initial.status]).toEqual([
      'none',
      { caseId: '', notes: 0, amount: 0 },
      'active',
    ]);
    expect(initialMachineSnapshot(machine)).toBe(initial);
  });

  it('transitions as XState’s own transition() does, assigning context from the event', () => {
    const [reference] = transition(machine, initialMachineSnapshot(machine), event('Opened'));
    const next = opened();
    expect([next.value, next.context]).toEqual([reference.value, reference.context]);
    expect([next.value, next.context]).toEqual(['open', { caseId: 'case-1', notes: 0, amount: 0 }]);
  });

  it('keeps the context XState assigned key for key, in its order, and the same context when nothing was assigned', () => {
    const [reference] = transition(machine, opened(), event('Noted'));
    const noted = machineTransition(machine, opened(), event('Noted'));
    expect(JSON.stringify(noted.context)).toBe(JSON.stringify(reference.context));
    expect(Object.getPrototypeOf(noted.context)).toBe(Object.prototype);
    const open = opened();
    expect(machineTransition(machine, open, event('Unknown')).context).toBe(open.context);
  });

  it('leaves the snapshot it transitions from as it was', () => {
    const before = opened();
    const seen = JSON.stringify([before.value, before.context, before.status]);
    machineTransition(machine, before, event('Noted'));
    machineTransition(machine, before, event('Priced', clerk, { amount: 500 }));
    expect(JSON.stringify([before.value, before.context, before.status])).toBe(seen);
  });

  it('executes no named action: a transition only computes the next state', () => {
    sideEffects.length = 0;
    const noted = machineTransition(machine, opened(), event('Noted'));
    expect(noted.context).toMatchObject({ notes: 1 });
    expect(sideEffects).toEqual([]);
  });

  it('takes eventless branches within the same transition, on the context just assigned', () => {
    const large = machineTransition(machine, opened(), event('Priced', clerk, { amount: 500 }));
    const small = machineTransition(machine, opened(), event('Priced', clerk, { amount: 5 }));
    expect([large.value, large.status]).toEqual([{ escalated: 'waiting' }, 'active']);
    expect([small.value, small.status]).toEqual(['done', 'done']);
  });

  it('leaves the state and context unchanged for an event the state has no transition for', () => {
    const open = opened();
    const next = machineTransition(machine, open, event('Opened'));
    expect([next.value, next.context]).toEqual([open.value, open.context]);
  });

  it('accepts an event only when a transition is enabled, running guards on the actor but no action', () => {
    sideEffects.length = 0;
    const open = opened();
    expect(machineAccepts(initialMachineSnapshot(machine), event('Opened'))).toBe(true);
    expect(machineAccepts(initialMachineSnapshot(machine), event('Opened', visitor))).toBe(false);
    expect(machineAccepts(open, event('Noted'))).toBe(true);
    expect(machineAccepts(open, event('Noted', visitor))).toBe(false);
    expect(machineAccepts(open, event('Opened'))).toBe(false);
    expect([open.context, sideEffects]).toEqual([{ caseId: 'case-1', notes: 0, amount: 0 }, []]);
  });

  it('restores a persisted snapshot to one that decides and transitions as the original', () => {
    const noted = machineTransition(machine, opened(), event('Noted'));
    const persisted = JSON.parse(JSON.stringify(persistMachineSnapshot(machine, noted)));
    const restored = restoreMachineSnapshot(machine, persisted);

    expect([restored.value, restored.context, restored.status]).toEqual([
      noted.value,
      noted.context,
      noted.status,
    ]);
    expect(machineAccepts(restored, event('Noted', visitor))).toBe(false);
    const [fromRestored, fromOriginal] = [restored, noted].map((snapshot) =>
      machineTransition(machine, snapshot, event('Priced', clerk, { amount: 500 })),
    );
    expect([fromRestored!.value, fromRestored!.context]).toEqual([
      fromOriginal!.value,
      fromOriginal!.context,
    ]);
  });

  it('restores a state stored as value and context only, with its status following from the state', () => {
    const open = restoreMachineSnapshot(machine, {
      value: 'open',
      context: { caseId: 'c', notes: 2, amount: 0 },
    });
    const done = restoreMachineSnapshot(machine, {
      value: 'done',
      context: { caseId: 'c', notes: 2, amount: 0 },
    });
    const nested = restoreMachineSnapshot(machine, {
      value: { escalated: 'waiting' },
      context: { caseId: 'c', notes: 2, amount: 0 },
    });

    expect([open.value, open.status, done.status, nested.value]).toEqual([
      'open',
      'active',
      'done',
      { escalated: 'waiting' },
    ]);
    expect(machineAccepts(open, event('Noted'))).toBe(true);
    expect(machineTransition(machine, open, event('Noted')).context).toMatchObject({ notes: 3 });
  });

  it('names a state value: top level, nested with dots, parallel regions with commas', () => {
    expect(stateName('open')).toBe('open');
    expect(stateName({ escalated: 'waiting' })).toBe('escalated.waiting');
    expect(stateName({ escalated: {} })).toBe('escalated');
    expect(stateName({ left: 'a', right: { deep: 'b' } })).toBe('left.a,right.deep.b');
  });

  it('reads the machine’s shape: initial state, top-level states in order, guards as configured, targets', () => {
    const graph = machineGraph(machine);
    expect(graph.initial).toBe('none');
    expect(graph.states.map((state) => state.key)).toEqual(['none', 'open', 'pricing', 'escalated', 'done']);
    const byKey = Object.fromEntries(graph.states.map((state) => [state.key, state.transitions]));
    expect(byKey.none).toEqual([{ eventType: 'Opened', guard: 'canOpen', targets: ['open'] }]);
    expect(byKey.open).toEqual([
      { eventType: 'Noted', guard: { type: 'actsAs', params: { role: 'customer_service' } }, targets: [] },
      { eventType: 'Priced', guard: undefined, targets: ['pricing'] },
    ]);
    expect(byKey.pricing).toEqual([
      { eventType: undefined, guard: 'large', targets: ['escalated'] },
      { eventType: undefined, guard: undefined, targets: ['done'] },
    ]);
    expect(byKey.done).toEqual([]);
  });

  it('lists the event types a top-level state has transitions for, and cannot tell for a nested one', () => {
    const open = opened();
    const escalated = machineTransition(machine, open, event('Priced', clerk, { amount: 500 }));
    expect([...acceptedEventTypes(machine, open)!].sort()).toEqual(['Noted', 'Priced']);
    expect(acceptedEventTypes(machine, initialMachineSnapshot(machine))).toEqual(new Set(['Opened']));
    expect(acceptedEventTypes(machine, escalated)).toBeUndefined();
  });
});
