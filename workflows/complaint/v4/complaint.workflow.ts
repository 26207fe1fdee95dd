// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { FieldError, WorkflowDefinition } from '../../../libs/kernel/index.js';
import { handlerRole } from './complaint-rules.js';
import { AUTHORITY_LIMIT_CENTS, nextLevelRole, type ComplaintContextV4 } from './complaint-context.js';
import { COST_PAYERS, ComplaintEvents, JUDGEMENTS, PAUSABLE_DEADLINES, PAUSE_REASONS } from '../events.js';
import { complaintMachineV4 } from './machine.js';

type Data = Record<string, unknown>;

function missingText(data: Data, field: string, why: string): FieldError[] {
  const value = data[field];
  return typeof value === 'string' && value.trim().length > 0
    ? []
    : [{ field, reason: `is required: ${why}` }];
}

function oneOf(data: Data, field: string, allowed: readonly string[], why: string): FieldError[] {
  const value = data[field];
  if (value === undefined) return [{ field, reason: `is required: ${why}` }];
  return allowed.includes(value as string) ? [] : [{ field, reason: `must be one of ${allowed.join(', ')}` }];
}

/** The plan's cost handling: who pays and how much, within the holder's authority (权限范围). */
function costProblems(context: ComplaintContextV4 | undefined, data: Data): FieldError[] {
  const cost = data.costHandling as Data | undefined;
  if (cost === undefined || cost === null || typeof cost !== 'object') {
    return [
      { field: 'costHandling', reason: 'is required: state who pays and how much (处理维修费用等事宜)' },
    ];
  }
  const problems = oneOf(cost, 'payer', COST_PAYERS, 'who bears the cost').map((problem) => ({
    ...problem,
    field: `costHandling.${problem.field}`,
  }));
  if (typeof cost.amountCents !== 'number') {
    problems.push({ field: 'costHandling.amountCents', reason: 'is required: the amount in minor units' });
    return problems;
  }
  if (context === undefined || cost.payer === 'customer') return problems;
  const holder = handlerRole(context);
  const limit = AUTHORITY_LIMIT_CENTS[holder];
  if (limit !== undefined && cost.amountCents > limit) {
    problems.push({
      field: 'costHandling.amountCents',
      reason: `exceeds the ${holder}'s authority (权限范围) of ${limit} cents; escalate to ${nextLevelRole(context.escalationLevel) ?? 'the OEM (goodwill)'}`,
    });
  }
  return problems;
}

function clockProblems(
  context: ComplaintContextV4 | undefined,
  data: Data,
  expected: 'running' | 'paused',
): FieldError[] {
  const problems = oneOf(data, 'deadline', PAUSABLE_DEADLINES, 'the clock to pause or resume');
  if (problems.length > 0 || context === undefined) return problems;
  const deadline = data.deadline as (typeof PAUSABLE_DEADLINES)[number];
  const state = context.clocks[deadline];
  if (state === expected) return [];
  return [
    {
      field: 'deadline',
      reason:
        expected === 'running'
          ? `the ${deadline} clock is ${state}, not running`
          : `the ${deadline} clock is ${state}, not paused`,
    },
  ];
}

/** The escalation target an event would reach, recorded with it so the SLA policy starts the manager's clock. */
function escalatesTo(context: ComplaintContextV4 | undefined): Data {
  const to = context === undefined ? null : nextLevelRole(context.escalationLevel);
  return to === null ? {} : { escalatesTo: to };
}

/**
 * Version 4: version 3 (seeds 001, 004: escalation one level above the current holder with a take-over, a
 * clock and an authority limit for the manager reached; major complaints have the service manager join while
 * the handler proposes; the plan goes to the service advisor and the 24-hour feedback clock starts at the
 * internal repair order; judgement, cost handling and root cause recorded; a dismissal needs the service
 * manager's approval and a reply to the customer; clocks pause with a reason), and the person who asked for a
 * dismissal never approves or refuses it, whatever roles they hold (segregation of duties by person, #22).
 * New complaints start on v4; running v1, v2 and v3 cases keep their version (docs/complaints.md).
 */
export const complaintWorkflowV4: WorkflowDefinition<ComplaintContextV4> = {
  caseType: 'complaint',
  resource: 'complaints',
  version: 4,
  machine: complaintMachineV4,
  create: {
    eventType: ComplaintEvents.received,
    roles: ['reception', 'customer_service'],
    description: 'Register a complaint (受理投诉); the receiving dealer owns it.',
    personalData: ['customer.name', 'customer.phone'],
  },
  actions: {
    verify: {
      eventType: ComplaintEvents.verified,
      roles: ['customer_service'],
      description:
        'Verify (核实情况), judge defect / dissatisfaction / customer fault (不良/不满/客户过失) and route by problem class.',
      check: (_context, data) =>
        oneOf(
          data,
          'judgement',
          JUDGEMENTS,
          '不良 (defect), 不满 (dissatisfaction) or 客户过失 (customer fault)',
        ),
    },
    dismiss: {
      eventType: ComplaintEvents.dismissed,
      roles: ['customer_service'],
      description:
        'Ask to dismiss a groundless complaint, with the reason and the reply given to the customer; the service manager decides (首问责任制).',
      check: (_context, data) =>
        missingText(data, 'customerReply', 'what the customer was told (首问责任制)'),
    },
    'approve-dismissal': {
      eventType: ComplaintEvents.dismissalApproved,
      roles: ['service_manager'],
      description:
        'The service manager approves the dismissal customer service asked for; never the person who asked.',
    },
    'refuse-dismissal': {
      eventType: ComplaintEvents.dismissalRefused,
      roles: ['service_manager'],
      description:
        'The service manager refuses the dismissal, with the reason (never the person who asked); the complaint goes back to verification.',
    },
    'take-over': {
      eventType: ComplaintEvents.takenOver,
      roles: ['service_manager', 'general_manager'],
      description: 'The manager an escalation reached takes the case over (stops their take-over clock).',
    },
    'propose-resolution': {
      eventType: ComplaintEvents.resolutionProposed,
      roles: ['parts_manager', 'technical_director', 'service_manager', 'general_manager'],
      description:
        'The holder states cause, plan and cost handling within their authority (权限范围); the plan goes to the service advisor.',
      check: (context, data) => costProblems(context, data),
    },
    'record-customer-reply': {
      eventType: ComplaintEvents.customerReplied,
      roles: ['service_advisor', 'customer_service'],
      description:
        'The customer accepts the plan and its cost handling, or rejects it (one level above the current holder).',
      enrich: (context, data) => (data.decision === 'rejected' ? escalatesTo(context) : {}),
    },
    'receive-repair-order': {
      eventType: ComplaintEvents.repairOrderReceived,
      roles: ['service_advisor'],
      description:
        'The service advisor receives the internal repair order (《客户投诉内部维修委托书》); the 24-hour feedback clock starts.',
    },
    'report-feedback': {
      eventType: ComplaintEvents.feedbackReported,
      roles: ['service_advisor'],
      description:
        'The service advisor reports how it was handled, within 24 h of receiving the repair order.',
    },
    'confirm-satisfaction': {
      eventType: ComplaintEvents.satisfactionConfirmed,
      roles: ['customer_service'],
      description:
        'Customer service records whether the customer is satisfied; an unsatisfied customer re-routes the case with a new feedback clock.',
    },
    'record-follow-up': {
      eventType: ComplaintEvents.followUpRecorded,
      roles: ['customer_service'],
      description: 'The 7-day follow-up on the 7-level scale; a dissatisfied customer reopens the case.',
    },
    escalate: {
      eventType: ComplaintEvents.escalated,
      roles: ['customer_service', 'service_manager', 'parts_manager', 'technical_director'],
      description:
        'Escalate one level above the current holder (handler → service manager → general manager); handlers may escalate their own case.',
      enrich: (context) => escalatesTo(context),
    },
    'pause-clock': {
      eventType: ComplaintEvents.clockPaused,
      roles: [
        'customer_service',
        'service_advisor',
        'parts_manager',
        'technical_director',
        'service_manager',
        'general_manager',
      ],
      description:
        'The role holding the case pauses a running clock with a reason (waiting for parts, the customer or the OEM).',
      check: (context, data) => [
        ...clockProblems(context, data, 'running'),
        ...oneOf(data, 'reason', PAUSE_REASONS, 'why the clock stops'),
      ],
    },
    'resume-clock': {
      eventType: ComplaintEvents.clockResumed,
      roles: [
        'customer_service',
        'service_advisor',
        'parts_manager',
        'technical_director',
        'service_manager',
        'general_manager',
      ],
      description: 'The role holding the case resumes a paused clock; its due time moves by the paused time.',
      check: (context, data) => clockProblems(context, data, 'paused'),
    },
    close: {
      eventType: ComplaintEvents.closed,
      roles: ['customer_service'],
      description:
        'Close after the follow-up, with the root cause and the preventive action (预防问题重蹈覆辙).',
      check: (_context, data) => [
        ...missingText(data, 'rootCause', 'why it happened'),
        ...missingText(data, 'preventiveAction', '预防问题重蹈覆辙 (how it is kept from happening again)'),
      ],
    },
    reopen: {
      eventType: ComplaintEvents.reopened,
      roles: ['customer_service', 'service_manager'],
      description: 'Reopen a closed complaint, with the reason; it goes back to its holder.',
    },
    'record-breach': {
      eventType: ComplaintEvents.deadlineBreached,
      roles: ['system'],
      description:
        'Recorded by the SLA sweeper when a deadline passes: charged to the role holding the case, and one level up.',
      enrich: (context) => ({
        ...(context?.assignedRole ? { accountableRole: context.assignedRole } : {}),
        ...escalatesTo(context),
      }),
    },
  },
  finalStates: ['closed', 'dismissed'],
  listFacets: { category: 'category', severity: 'severity' },
};
