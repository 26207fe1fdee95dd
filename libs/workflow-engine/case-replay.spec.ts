import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '../kernel/index.js';
import { actorAs, ticketWorkflow } from '../testing/index.js';
import { evolve, fold, replay } from './case-replay.js';
import { decodeCaseState, encodeCaseState } from './case-snapshot.js';
import { WorkflowRegistry } from './workflow-registry.js';

const cs = { ...actorAs('customer_service'), dealerId: 'D001' };
const registry = new WorkflowRegistry([ticketWorkflow]);

function recorded(revision: number, type: string, data: Record<string, unknown> = {}): RecordedEvent {
  const occurredAt = new Date(Date.UTC(2026, 2, 2, 9, revision)).toISOString();
  return {
    eventId: `e${revision}`,
    streamId: 'ticket-1',
    revision,
    position: 100 + revision,
    type,
    data,
    recordedAt: occurredAt,
    metadata: {
      caseType: 'ticket',
      caseId: '1',
      machineVersion: 1,
      actor: cs,
      occurredAt,
      commandId: `command-${revision}`,
      commandHash: `hash-${revision}`,
      hash: `event-${revision}`,
    },
  };
}

const stream = [
  recorded(0, 'TicketOpened', { title: 'Noise', dealerId: 'D001' }),
  recorded(1, 'TicketNoted'),
  recorded(2, 'TicketNoted'),
  recorded(3, 'TicketDone'),
];

describe('evolve', () => {
  it('leaves the state it evolves from as it was: its idempotency index does not learn the new command', () => {
    const before = fold(ticketWorkflow, stream.slice(0, 2))!;
    const { snapshot, revision, commands } = before;

    const after = evolve(ticketWorkflow, before, stream[2]!);

    expect(after.commands.get('command-2')).toMatchObject({ revision: 2, commandHash: 'hash-2' });
    expect(before.commands.get('command-2')).toBeUndefined();
    expect(before.commands.has('command-2')).toBe(false);
    expect(before.commands.size).toBe(2);
    expect([...before.commands].map(([commandId]) => commandId)).toEqual(['command-0', 'command-1']);
    expect([before.snapshot, before.revision, before.commands]).toEqual([snapshot, revision, commands]);
    expect((before.snapshot.context as { notes: number }).notes).toBe(1);
  });

  it('evolves one state two ways without either branch seeing the other', () => {
    const before = fold(ticketWorkflow, stream.slice(0, 2))!;
    const noted = evolve(ticketWorkflow, before, stream[2]!);
    const done = evolve(ticketWorkflow, before, { ...stream[3]!, revision: 2 });

    expect(noted.commands.has('command-3')).toBe(false);
    expect(done.commands.has('command-2')).toBe(false);
    expect(done.commands.get('command-3')).toMatchObject({ revision: 2, eventType: 'TicketDone' });
    expect(noted.commands.get('command-2')).toMatchObject({ revision: 2, eventType: 'TicketNoted' });
    expect([noted.commands.size, done.commands.size, before.commands.size]).toEqual([3, 3, 2]);
  });
});

describe('replay', () => {
  it('folds a stream through the machine version its first event names', () => {
    const state = replay(registry, stream)!;

    expect(state.definition).toBe(ticketWorkflow);
    expect(state.snapshot.value).toBe('done');
    expect(state.snapshot.context).toMatchObject({ notes: 2, title: 'Noise', assignedRole: null });
    expect([state.revision, state.lastHash, state.createdAt]).toEqual([
      3,
      'event-3',
      '2026-03-02T09:00:00.000Z',
    ]);
    expect(state.commands.size).toBe(4);
  });

  it('from a snapshot and the events after it, reaches the state of a whole replay', () => {
    const whole = replay(registry, stream)!;
    const kept = encodeCaseState('ticket-1', replay(registry, stream.slice(0, 2))!);

    const resumed = replay(registry, stream.slice(2), decodeCaseState(registry, kept))!;

    expect([resumed.snapshot.value, resumed.snapshot.context, resumed.snapshot.status]).toEqual([
      whole.snapshot.value,
      whole.snapshot.context,
      whole.snapshot.status,
    ]);
    expect([...resumed.commands]).toEqual([...whole.commands]);
    expect([resumed.revision, resumed.lastHash, resumed.latestOccurredAt]).toEqual([
      whole.revision,
      whole.lastHash,
      whole.latestOccurredAt,
    ]);
  });

  it('shows every state on the way to whoever keeps snapshots', () => {
    const revisions: number[] = [];
    replay(registry, stream, undefined, (state) => revisions.push(state.revision));
    expect(revisions).toEqual([0, 1, 2, 3]);
  });
});
