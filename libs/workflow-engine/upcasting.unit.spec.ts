import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent, WorkflowDefinition } from '../kernel/index.js';
import { actorAs, ticketWorkflow, type TicketContext } from '../testing/index.js';
import { fold, toCaseEvent } from './case-replay.js';

/** Version 2 of TicketOpened renamed `title` to `subject`; old events are upcast on read, never rewritten. */
const withSubject: WorkflowDefinition<TicketContext> = {
  ...ticketWorkflow,
  schemaVersions: { TicketOpened: 2 },
  upcasters: {
    TicketOpened: (data, from) => (from < 2 ? { ...data, subject: data.title, title: data.title } : data),
  },
};

const opened = (schemaVersion: number, data: Record<string, unknown>): RecordedEvent => ({
  eventId: 'e0',
  streamId: 'ticket-1',
  revision: 0,
  position: 1,
  type: 'TicketOpened',
  data,
  recordedAt: '2026-03-02T09:00:00.000Z',
  metadata: {
    caseType: 'ticket',
    caseId: '1',
    machineVersion: 1,
    schemaVersion,
    actor: actorAs('customer_service'),
    occurredAt: '2026-03-02T09:00:00.000Z',
    hash: '',
  },
});

describe('upcasting stored events by schema version', () => {
  it('reads a version-1 event in the current shape', () => {
    expect(toCaseEvent(withSubject, opened(1, { title: 'Noise', dealerId: 'D001' })).data).toEqual({
      title: 'Noise',
      subject: 'Noise',
      dealerId: 'D001',
    });
  });

  it('leaves a current event as it is', () => {
    expect(
      toCaseEvent(withSubject, opened(2, { title: 'x', subject: 'Noise', dealerId: 'D001' })).data,
    ).toEqual({ title: 'x', subject: 'Noise', dealerId: 'D001' });
  });

  it('folds old events through the machine after upcasting', () => {
    const state = fold(withSubject, [opened(1, { title: 'Noise', dealerId: 'D001' })]);
    expect(state?.snapshot.context).toMatchObject({ title: 'Noise', dealerId: 'D001' });
  });
});
