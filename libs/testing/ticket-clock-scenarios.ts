import type { RecordedEvent } from '../kernel/index.js';
import { deadlinePolicyOf, type DeadlineRule } from '../sla/index.js';
import { ticketAnswerClock } from './ticket-answer-clock.js';

// Cases with clocks, for the specs of a case's deadlines folded in memory (libs/sla/deadlines-after.ts)
// on either database: the events of case T-1, interleaved with case T-2's as in a shared log.

const HOUR = 3600_000;
const START = Date.parse('2026-03-02T09:00:00.000Z');
export const hoursIn = (hours: number) => new Date(START + hours * HOUR).toISOString();

/** A second clock in working time, so an opened row depends on the case's owner and its calendar. */
const callbackClock: DeadlineRule = {
  ...ticketAnswerClock,
  kind: 'callback',
  startOn: [{ eventType: 'TicketRouted' }],
  stopOn: ['TicketCalledBack'],
  duration: 'PT8H',
  calendar: 'business',
};
export const ticketClocksPolicy = deadlinePolicyOf([{ deadlines: [ticketAnswerClock, callbackClock] }]);

export type TicketStep = readonly [type: string, hours: number, data?: Record<string, unknown>];

/** Case T-1's events from `steps`, interleaved with case T-2's (so positions leave gaps, as in the log). */
export function ticketCaseEvents(steps: readonly TicketStep[]): {
  mine: RecordedEvent[];
  all: RecordedEvent[];
} {
  const mine: RecordedEvent[] = [];
  const all: RecordedEvent[] = [];
  const other = (revision: number, hours: number): RecordedEvent => ({
    eventId: `o${revision}`,
    streamId: 'ticket-T-2',
    revision,
    position: all.length + 1,
    type: revision === 0 ? 'TicketOpened' : 'TicketRouted',
    data: revision === 0 ? { dealerId: 'D002', regionId: 'R02' } : {},
    metadata: {
      caseType: 'ticket',
      caseId: 'T-2',
      machineVersion: 1,
      occurredAt: hoursIn(hours),
      toState: 'open',
    },
    recordedAt: hoursIn(hours),
  });
  steps.forEach(([type, hours, data = {}], revision) => {
    if (revision < 2) all.push(other(revision, hours));
    const event: RecordedEvent = {
      eventId: `e${revision}`,
      streamId: 'ticket-T-1',
      revision,
      position: all.length + 1,
      type,
      data: revision === 0 ? { dealerId: 'D001', regionId: 'R01', ...data } : data,
      metadata: {
        caseType: 'ticket',
        caseId: 'T-1',
        machineVersion: 1,
        occurredAt: hoursIn(hours),
        toState: 'open',
      },
      recordedAt: hoursIn(hours),
    };
    mine.push(event);
    all.push(event);
  });
  return { mine, all };
}

export const ticketClockScenarios: Record<string, readonly TicketStep[]> = {
  'opened, routed (two clocks start), answered, called back': [
    ['TicketOpened', 0],
    ['TicketRouted', 1],
    ['TicketAnswered', 5],
    ['TicketCalledBack', 6],
  ],
  'paused and resumed, then answered late': [
    ['TicketOpened', 0],
    ['TicketRouted', 0],
    ['TicketClockPaused', 20, { deadline: 'answer', reason: 'waiting_for_parts' }],
    ['TicketClockResumed', 68, { deadline: 'answer' }],
    ['TicketAnswered', 90],
  ],
  'breached by the sweeper, escalated (a new clock charged elsewhere), then closed': [
    ['TicketOpened', 0],
    ['TicketRouted', 0],
    ['TicketDeadlineBreached', 30, { kind: 'answer', dueAt: hoursIn(24), chargedTo: 'service_manager' }],
    ['TicketAnswered', 31],
    ['TicketEscalated', 32, { escalatesTo: 'general_manager' }],
    ['TicketClosed', 40],
  ],
};
