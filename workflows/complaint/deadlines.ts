import type { ClockPausing, DeadlineRule } from '../../libs/kernel/index.js';
import { ComplaintEvents } from './events.js';

const DISSATISFIED = ['somewhat_dissatisfied', 'dissatisfied', 'very_dissatisfied'];

/** v3: the role holding the case pauses a clock with a reason (API.md "Complaint clocks"). */
const PAUSING: ClockPausing = {
  pauseOn: [ComplaintEvents.clockPaused],
  resumeOn: [ComplaintEvents.clockResumed],
  deadlineField: 'deadline',
  reasonField: 'reason',
};

/** v3: the manager an escalation reaches, recorded on the event that moves the case up. */
const MOVES_UP = { field: 'escalatesTo', in: ['service_manager', 'general_manager'] };

/** What every complaint clock shares: calendar time, warning at 80 %, the sweeper's breach. */
const COMPLAINT_CLOCK = {
  caseType: 'complaint',
  warnAt: 0.8,
  calendar: 'calendar',
  breachAction: 'record-breach',
  breachEvent: ComplaintEvents.deadlineBreached,
  // v3 names the role that held the case when the clock ran out; v1 and v2 charge the clock's role.
  breachChargedToField: 'accountableRole',
  pausing: PAUSING,
} as const;

/**
 * The complaint's clocks (DOMAIN.md "SLA clocks"), in calendar time: the seeds state elapsed time
 * ("within 24 hours", "within 7 days"), not working time. Only v3 and v4 record the pause, take-over and
 * repair-order events, so on v1 and v2 cases those clocks and starts never fire.
 */
export const complaintDeadlines: readonly DeadlineRule[] = [
  {
    ...COMPLAINT_CLOCK,
    kind: 'feedback',
    startOn: [
      // v1 and v2 start it at routing; v3 and v4 when the service advisor receives the internal repair order.
      { eventType: ComplaintEvents.verified, machineVersions: [1, 2] },
      { eventType: ComplaintEvents.repairOrderReceived, machineVersions: [3, 4] },
      { eventType: ComplaintEvents.reopened },
      { eventType: ComplaintEvents.followUpRecorded, when: { field: 'satisfaction', in: DISSATISFIED } },
      // v3 and v4: an unsatisfied customer re-routes the case, with a new clock.
      {
        eventType: ComplaintEvents.satisfactionConfirmed,
        when: { field: 'satisfied', in: [false] },
        machineVersions: [3, 4],
      },
    ],
    stopOn: [ComplaintEvents.feedbackReported],
    cancelOn: [ComplaintEvents.dismissed, ComplaintEvents.closed],
    cancelInStates: ['dismissed', 'closed'],
    duration: 'PT24H',
    accountableRole: 'service_advisor',
    source:
      '001: 服务顾问在收到《维修委托书》的24小时内 (feedback within 24 hours of the internal repair order)',
  },
  {
    ...COMPLAINT_CLOCK,
    kind: 'follow-up',
    startOn: [{ eventType: ComplaintEvents.satisfactionConfirmed, when: { field: 'satisfied', in: [true] } }],
    stopOn: [ComplaintEvents.followUpRecorded],
    cancelOn: [ComplaintEvents.closed, ComplaintEvents.reopened, ComplaintEvents.dismissed],
    duration: 'P7D',
    accountableRole: 'customer_service',
    source: '001: follow-up within 7 days after the customer is satisfied',
  },
  {
    ...COMPLAINT_CLOCK,
    kind: 'take-over',
    // v3: whichever event moves the case up names the manager reached, who owns the clock. A new
    // escalation replaces a running take-over clock with the next manager's.
    startOn: [
      { eventType: ComplaintEvents.escalated, when: MOVES_UP, accountableRoleField: 'escalatesTo' },
      { eventType: ComplaintEvents.customerReplied, when: MOVES_UP, accountableRoleField: 'escalatesTo' },
      { eventType: ComplaintEvents.deadlineBreached, when: MOVES_UP, accountableRoleField: 'escalatesTo' },
    ],
    stopOn: [ComplaintEvents.takenOver, ComplaintEvents.resolutionProposed],
    cancelOn: [ComplaintEvents.escalated],
    cancelInStates: ['dismissed', 'closed'],
    duration: 'PT8H',
    accountableRole: 'service_manager',
    source: '001: 服务经理「在权限范围内立即提供具体处理方案和意见,并在规定时间内组织实施完成」',
  },
];
