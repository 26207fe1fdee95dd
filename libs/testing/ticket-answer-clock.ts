import type { DeadlineRule } from '../kernel/index.js';

/** A workflow's clock as data: 24 h to answer, paused and resumed by events that name it and a reason. */
export const ticketAnswerClock: DeadlineRule = {
  caseType: 'ticket',
  kind: 'answer',
  startOn: [
    { eventType: 'TicketRouted', machineVersions: [1] },
    { eventType: 'TicketOrderReceived', machineVersions: [2] },
    { eventType: 'TicketEscalated', accountableRoleField: 'escalatesTo' },
  ],
  stopOn: ['TicketAnswered'],
  cancelOn: ['TicketClosed'],
  pausing: {
    pauseOn: ['TicketClockPaused'],
    resumeOn: ['TicketClockResumed'],
    deadlineField: 'deadline',
    reasonField: 'reason',
  },
  duration: 'PT24H',
  warnAt: 0.8,
  calendar: 'calendar',
  accountableRole: 'service_advisor',
  breachAction: 'record-breach',
  breachEvent: 'TicketDeadlineBreached',
  breachChargedToField: 'chargedTo',
  source: 'spec',
};
