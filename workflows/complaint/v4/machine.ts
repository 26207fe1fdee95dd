// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { actsInScopeAs, type CaseEvent, type Role } from '../../../libs/kernel/index.js';
import { DISSATISFIED_LEVELS, handlerRole, isMajor, routeFor } from './complaint-rules.js';
import {
  AUTHORITY_LIMIT_CENTS,
  ESCALATION_LADDER,
  type ClockState,
  type ComplaintContextV4,
  type CostHandling,
} from './complaint-context.js';
import {
  type ComplaintIntake,
  type Judgement,
  type PausableDeadline,
  type PauseReason,
  type ProblemClass,
  type ReplyDecision,
  type Satisfaction,
} from '../events.js';
import { textOf as text } from './event-data.js';

/** VIP and key-account customers count as major, as in v2. */
const MAJOR_SENSITIVITIES = ['media', 'vip', 'key_account'];

const idleClocks: ComplaintContextV4['clocks'] = {
  feedback: 'idle',
  'follow-up': 'idle',
  'take-over': 'idle',
};

const openComplaint: ComplaintContextV4 = {
  caseId: '',
  dealerId: '',
  assignedRole: null,
  channel: 'walk_in',
  category: 'service_attitude',
  severity: 'normal',
  safety: false,
  major: false,
  customer: { name: '', phone: '', class: 'C' },
  vehicle: { vin: '' },
  repairOrderId: null,
  description: '',
  receivedBy: '',
  problemClass: null,
  findings: null,
  routedTo: null,
  escalationLevel: 0,
  escalations: [],
  resolution: null,
  customerReply: null,
  rejectedResolutions: 0,
  feedback: null,
  satisfied: null,
  followUp: null,
  reopenCount: 0,
  reopenReasons: [],
  dismissalReason: null,
  breaches: [],
  closedAt: null,
  managerJoined: false,
  judgement: null,
  takenOver: null,
  authorityLimitCents: null,
  proposedCost: null,
  agreedCost: null,
  repairOrder: null,
  dismissalRequest: null,
  dismissalApprovedBy: null,
  rootCause: null,
  preventiveAction: null,
  clocks: idleClocks,
  pauses: [],
};

type Context = ComplaintContextV4;
type Patch = Partial<Context>;

function withClock(context: Context, deadline: PausableDeadline, state: ClockState): Patch {
  return { clocks: { ...context.clocks, [deadline]: state } };
}

/**
 * One level above the current holder (「不能及时处理的问题,要分级上报」): a case held by a parts manager or
 * technical director goes to the service manager, one held by the service manager to the general manager.
 * The manager reached gets the case, their authority limit and a take-over clock of their own. At the top
 * nothing changes.
 */
function escalate(context: Context, reason: string, by: string, at: string): Patch {
  if (context.escalationLevel >= 2) return {};
  const level = (context.escalationLevel + 1) as 1 | 2;
  const to = ESCALATION_LADDER[level];
  return {
    escalationLevel: level,
    escalations: [...context.escalations, { level, to, reason, by, at }],
    takenOver: null,
    authorityLimitCents: AUTHORITY_LIMIT_CENTS[to] ?? null,
    clocks: { ...context.clocks, 'take-over': 'running' },
  };
}

/** The case goes back to its holder for a new plan: what the customer saw of the last one is kept in history. */
const freshPlan: Patch = {
  resolution: null,
  customerReply: null,
  feedback: null,
  satisfied: null,
  proposedCost: null,
  repairOrder: null,
};

function costOf(data: Record<string, unknown>): CostHandling | null {
  const cost = data.costHandling as Record<string, unknown> | undefined;
  if (cost === undefined || cost === null || typeof cost !== 'object') return null;
  return {
    payer: text(cost, 'payer') as CostHandling['payer'],
    amountCents: typeof cost.amountCents === 'number' ? cost.amountCents : 0,
    currency: text(cost, 'currency') ?? 'CNY',
    notes: text(cost, 'notes'),
  };
}

/**
 * The complaint lifecycle, version 4: version 3 (seeds 001, 004: escalation one level above the current
 * holder, the plan to the service advisor and the 24-hour feedback clock at the internal repair order, the
 * service manager joining a major complaint, a dismissal approved by the service manager with a recorded
 * reply to the customer, clocks paused with a reason), with segregation of duties by person on the
 * dismissal: the person who asked for it never decides it, whatever roles their token carries (#22).
 * Pure: time and actor come in the event; clock durations live in the SLA policy, not here.
 */
export const complaintMachineV4 = setup({
  types: {} as { context: Context; events: CaseEvent },
  guards: {
    actsAs: ({ context, event }, params: { roles: readonly Role[] }) =>
      params.roles.some((role) => actsInScopeAs(event.actor, role, context)),
    /**
     * 首问责任制 with four eyes: the service manager decides a dismissal customer service asked for, and never
     * the person who asked, even when that person also holds the service manager's role.
     */
    decidesAnothersDismissal: ({ context, event }) =>
      actsInScopeAs(event.actor, 'service_manager', context) &&
      context.dismissalRequest !== null &&
      context.dismissalRequest.requestedBy !== event.actor.id,
    canReceive: ({ event }) =>
      event.actor.dealerId !== undefined &&
      (event.actor.roles.includes('reception') || event.actor.roles.includes('customer_service')),
    actsAsHandler: ({ context, event }) => actsInScopeAs(event.actor, handlerRole(context), context),
    /** Customer service, the service manager below the top, or the holder of their own case. */
    canEscalate: ({ context, event }) =>
      context.escalationLevel < 2 &&
      (actsInScopeAs(event.actor, 'customer_service', context) ||
        actsInScopeAs(event.actor, 'service_manager', context) ||
        (context.routedTo !== null && actsInScopeAs(event.actor, handlerRole(context), context))),
    /** The manager the latest escalation reached, before they took it over. */
    canTakeOver: ({ context, event }) =>
      context.escalations.length > 0 &&
      context.takenOver === null &&
      actsInScopeAs(event.actor, handlerRole(context), context),
    /** The role that holds the case, while one of its clocks runs (or is paused, to resume it). */
    canPause: ({ context, event }) =>
      context.assignedRole !== null &&
      Object.values(context.clocks).includes('running') &&
      actsInScopeAs(event.actor, context.assignedRole, context),
    canResume: ({ context, event }) =>
      context.assignedRole !== null &&
      Object.values(context.clocks).includes('paused') &&
      actsInScopeAs(event.actor, context.assignedRole, context),
    bySystem: ({ event }) => event.actor.roles.includes('system'),
    /** A breach below the top moves the case up; at the top it is only recorded. */
    breachMovesUp: ({ context, event }) =>
      event.actor.roles.includes('system') && context.escalationLevel < 2,
    replyAccepted: ({ context }) => context.customerReply?.decision === 'accepted',
    customerSatisfied: ({ context }) => context.satisfied === true,
    followUpDissatisfied: ({ context }) =>
      context.followUp !== null && DISSATISFIED_LEVELS.includes(context.followUp.satisfaction),
  },
  actions: {
    /** A manual escalation hands the case to the manager reached, for a plan of their own. */
    recordEscalation: assign(({ context, event }) =>
      escalate(
        context,
        text(event.data, 'reason') ?? 'escalated on request',
        event.actor.id,
        event.occurredAt,
      ),
    ),
    /** A missed deadline: recorded against its clock, and the case moves one level up. */
    recordBreach: assign(({ context, event }) => {
      const kind = text(event.data, 'kind') ?? 'unknown';
      const clocks =
        kind in context.clocks ? { ...context.clocks, [kind]: 'breached' as const } : context.clocks;
      const raised = escalate(
        { ...context, clocks },
        `${kind} deadline missed`,
        event.actor.id,
        event.occurredAt,
      );
      return {
        breaches: [
          ...context.breaches,
          { kind, dueAt: text(event.data, 'dueAt') ?? '', at: event.occurredAt },
        ],
        clocks,
        ...raised,
      };
    }),
    pauseClock: assign(({ context, event }) => {
      const deadline = text(event.data, 'deadline') as PausableDeadline;
      return {
        ...withClock(context, deadline, 'paused'),
        pauses: [
          ...context.pauses,
          {
            deadline,
            reason: text(event.data, 'reason') as PauseReason,
            pausedBy: event.actor.id,
            pausedAt: event.occurredAt,
            resumedAt: null,
          },
        ],
      };
    }),
    resumeClock: assign(({ context, event }) => {
      const deadline = text(event.data, 'deadline') as PausableDeadline;
      return {
        ...withClock(context, deadline, 'running'),
        pauses: context.pauses.map((pause) =>
          pause.deadline === deadline && pause.resumedAt === null
            ? { ...pause, resumedAt: event.occurredAt }
            : pause,
        ),
      };
    }),
    takeOver: assign(({ context, event }) => ({
      takenOver: { by: event.actor.id, as: handlerRole(context), at: event.occurredAt },
      ...withClock(context, 'take-over', 'stopped'),
    })),
    assignToHandler: assign(({ context }) => ({ assignedRole: handlerRole(context) })),
  },
}).createMachine({
  id: 'complaint',
  initial: 'none',
  context: openComplaint,
  on: {
    ComplaintClockPaused: { guard: 'canPause', actions: 'pauseClock' },
    ComplaintClockResumed: { guard: 'canResume', actions: 'resumeClock' },
  },
  states: {
    none: {
      on: {
        ComplaintReceived: {
          guard: 'canReceive',
          target: 'received',
          actions: assign(({ event }) => {
            const intake = event.data as unknown as ComplaintIntake & {
              caseId: string;
              dealerId: string;
              regionId?: string;
            };
            const major = isMajor(intake, { sensitivities: MAJOR_SENSITIVITIES });
            return {
              caseId: event.caseId,
              dealerId: intake.dealerId,
              ...(intake.regionId !== undefined ? { regionId: intake.regionId } : {}),
              channel: intake.channel,
              category: intake.category,
              severity: intake.severity,
              safety: intake.safety === true,
              major,
              // 「服务经理负责参与处理重大客户投诉」: the manager joins; nobody is escalated past the handler.
              managerJoined: major,
              customer: { ...intake.customer, sensitive: intake.customer.sensitive ?? [] },
              vehicle: intake.vehicle,
              repairOrderId: intake.repairOrderId ?? null,
              description: intake.description,
              receivedBy: event.actor.id,
              assignedRole: 'customer_service' as const,
            };
          }),
        },
      },
    },
    received: {
      on: {
        ComplaintVerified: {
          guard: { type: 'actsAs', params: { roles: ['customer_service'] } },
          target: 'routed',
          actions: [
            assign(({ context, event }) => {
              const problemClass = text(event.data, 'problemClass') as ProblemClass;
              const routedTo = routeFor(problemClass);
              // A case routed to the service manager starts one rung up the ladder: its first escalation
              // goes to the general manager.
              const level = Math.max(context.escalationLevel, routedTo === 'service_manager' ? 1 : 0) as
                0 | 1 | 2;
              const holder = handlerRole({ escalationLevel: level, routedTo });
              return {
                problemClass,
                findings: text(event.data, 'findings'),
                judgement: text(event.data, 'judgement') as Judgement | null,
                routedTo,
                escalationLevel: level,
                authorityLimitCents: AUTHORITY_LIMIT_CENTS[holder] ?? null,
              };
            }),
            'assignToHandler',
          ],
        },
        ComplaintDismissed: {
          guard: { type: 'actsAs', params: { roles: ['customer_service'] } },
          target: 'awaiting_dismissal_approval',
          actions: assign(({ event }) => ({
            dismissalRequest: {
              reason: text(event.data, 'reason') ?? '',
              customerReply: text(event.data, 'customerReply') ?? '',
              requestedBy: event.actor.id,
              at: event.occurredAt,
            },
            assignedRole: 'service_manager' as const,
          })),
        },
        ComplaintEscalated: { guard: 'canEscalate', actions: 'recordEscalation' },
        ComplaintTakenOver: { guard: 'canTakeOver', actions: 'takeOver' },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
      },
    },
    /** 首问责任制: customer service may not close a complaint alone; the service manager approves. */
    awaiting_dismissal_approval: {
      on: {
        ComplaintDismissalApproved: {
          guard: 'decidesAnothersDismissal',
          target: 'dismissed',
          actions: assign(({ context, event }) => ({
            dismissalReason: context.dismissalRequest?.reason ?? null,
            dismissalApprovedBy: event.actor.id,
            assignedRole: null,
          })),
        },
        ComplaintDismissalRefused: {
          guard: 'decidesAnothersDismissal',
          target: 'received',
          actions: assign({ dismissalRequest: null, assignedRole: 'customer_service' as const }),
        },
      },
    },
    routed: {
      on: {
        ComplaintResolutionProposed: {
          guard: 'actsAsHandler',
          target: 'awaiting_customer_reply',
          actions: assign(({ context, event }) => ({
            resolution: {
              cause: text(event.data, 'cause') ?? '',
              plan: text(event.data, 'plan') ?? '',
              appointmentAt: text(event.data, 'appointmentAt'),
              proposedBy: event.actor.id,
              proposedAs: handlerRole(context),
              proposedAt: event.occurredAt,
            },
            proposedCost: costOf(event.data),
            customerReply: null,
            // Proposing is taking over: the manager's own clock stops.
            ...(context.clocks['take-over'] === 'running' || context.clocks['take-over'] === 'paused'
              ? withClock(context, 'take-over', 'stopped')
              : {}),
            // 「并将处理方案告知服务顾问」: the service advisor takes the plan to the customer.
            assignedRole: 'service_advisor' as const,
          })),
        },
        ComplaintEscalated: { guard: 'canEscalate', actions: ['recordEscalation', 'assignToHandler'] },
        ComplaintTakenOver: { guard: 'canTakeOver', actions: 'takeOver' },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: ['recordBreach', 'assignToHandler'] },
      },
    },
    awaiting_customer_reply: {
      on: {
        ComplaintCustomerReplied: {
          guard: { type: 'actsAs', params: { roles: ['service_advisor', 'customer_service'] } },
          target: 'reply_recorded',
          actions: assign(({ event }) => ({
            customerReply: {
              decision: text(event.data, 'decision') as ReplyDecision,
              notes: text(event.data, 'notes'),
              at: event.occurredAt,
            },
          })),
        },
        ComplaintEscalated: {
          guard: 'canEscalate',
          target: 'routed',
          actions: [assign(freshPlan), 'recordEscalation', 'assignToHandler'],
        },
        ComplaintTakenOver: { guard: 'canTakeOver', actions: 'takeOver' },
        ComplaintDeadlineBreached: [
          {
            guard: 'breachMovesUp',
            target: 'routed',
            actions: [assign(freshPlan), 'recordBreach', 'assignToHandler'],
          },
          { guard: 'bySystem', actions: 'recordBreach' },
        ],
      },
    },
    /** Transient: an accepted plan waits for the internal repair order; a rejected one goes one level up. */
    reply_recorded: {
      always: [
        {
          guard: 'replyAccepted',
          target: 'awaiting_repair_order',
          actions: assign(({ context }) => ({
            agreedCost:
              context.proposedCost !== null && context.customerReply !== null
                ? { ...context.proposedCost, at: context.customerReply.at }
                : null,
            assignedRole: 'service_advisor' as const,
          })),
        },
        {
          target: 'routed',
          actions: [
            assign(({ context, event }) => ({
              rejectedResolutions: context.rejectedResolutions + 1,
              ...escalate(
                context,
                'customer rejected the proposed resolution',
                event.actor.id,
                event.occurredAt,
              ),
            })),
            'assignToHandler',
          ],
        },
      ],
    },
    /** 「服务顾问在收到《维修委托书》的24小时内」: the feedback clock starts when the advisor has the order. */
    awaiting_repair_order: {
      on: {
        ComplaintRepairOrderReceived: {
          guard: { type: 'actsAs', params: { roles: ['service_advisor'] } },
          target: 'awaiting_feedback',
          actions: assign(({ context, event }) => ({
            repairOrder: {
              ref: text(event.data, 'internalOrderRef') ?? '',
              receivedBy: event.actor.id,
              at: event.occurredAt,
            },
            ...withClock(context, 'feedback', 'running'),
          })),
        },
        ComplaintEscalated: {
          guard: 'canEscalate',
          target: 'routed',
          actions: [assign(freshPlan), 'recordEscalation', 'assignToHandler'],
        },
        ComplaintTakenOver: { guard: 'canTakeOver', actions: 'takeOver' },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
      },
    },
    awaiting_feedback: {
      on: {
        ComplaintFeedbackReported: {
          guard: { type: 'actsAs', params: { roles: ['service_advisor'] } },
          target: 'awaiting_satisfaction',
          actions: assign(({ context, event }) => ({
            feedback: {
              result: text(event.data, 'result') ?? '',
              reportedBy: event.actor.id,
              at: event.occurredAt,
            },
            ...withClock(context, 'feedback', 'stopped'),
            assignedRole: 'customer_service' as const,
          })),
        },
        ComplaintEscalated: {
          guard: 'canEscalate',
          target: 'routed',
          actions: [assign(freshPlan), 'recordEscalation', 'assignToHandler'],
        },
        ComplaintTakenOver: { guard: 'canTakeOver', actions: 'takeOver' },
        ComplaintDeadlineBreached: [
          {
            guard: 'breachMovesUp',
            target: 'routed',
            actions: [assign(freshPlan), 'recordBreach', 'assignToHandler'],
          },
          { guard: 'bySystem', actions: 'recordBreach' },
        ],
      },
    },
    awaiting_satisfaction: {
      on: {
        ComplaintSatisfactionConfirmed: {
          guard: { type: 'actsAs', params: { roles: ['customer_service'] } },
          target: 'satisfaction_recorded',
          actions: assign(({ event }) => ({ satisfied: event.data.satisfied === true })),
        },
        ComplaintEscalated: {
          guard: 'canEscalate',
          target: 'routed',
          actions: [assign(freshPlan), 'recordEscalation', 'assignToHandler'],
        },
        ComplaintTakenOver: { guard: 'canTakeOver', actions: 'takeOver' },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
      },
    },
    /**
     * Transient: a satisfied customer starts the 7-day follow-up; an unsatisfied one sends the case back to
     * its holder for a new plan, and a new feedback clock starts (SLA policy).
     */
    satisfaction_recorded: {
      always: [
        {
          guard: 'customerSatisfied',
          target: 'awaiting_follow_up',
          actions: assign(({ context }) => ({
            ...withClock(context, 'follow-up', 'running'),
            assignedRole: 'customer_service' as const,
          })),
        },
        {
          target: 'routed',
          actions: [
            assign(({ context }) => ({
              ...freshPlan,
              reopenReasons: [...context.reopenReasons, 'customer not satisfied with the result'],
              ...withClock(context, 'feedback', 'running'),
            })),
            'assignToHandler',
          ],
        },
      ],
    },
    awaiting_follow_up: {
      on: {
        ComplaintFollowUpRecorded: {
          guard: { type: 'actsAs', params: { roles: ['customer_service'] } },
          target: 'follow_up_recorded',
          actions: assign(({ context, event }) => ({
            followUp: {
              satisfaction: text(event.data, 'satisfaction') as Satisfaction,
              notes: text(event.data, 'notes'),
              at: event.occurredAt,
            },
            ...withClock(context, 'follow-up', 'stopped'),
          })),
        },
        ComplaintEscalated: { guard: 'canEscalate', actions: 'recordEscalation' },
        ComplaintTakenOver: { guard: 'canTakeOver', actions: 'takeOver' },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
      },
    },
    /** Transient: a dissatisfied follow-up reopens the case for its holder with a new feedback clock. */
    follow_up_recorded: {
      always: [
        {
          guard: 'followUpDissatisfied',
          target: 'routed',
          actions: [
            assign(({ context }) => ({
              ...freshPlan,
              reopenCount: context.reopenCount + 1,
              reopenReasons: [
                ...context.reopenReasons,
                `follow-up found the customer ${context.followUp?.satisfaction}`,
              ],
              ...withClock(context, 'feedback', 'running'),
            })),
            'assignToHandler',
          ],
        },
        { target: 'followed_up' },
      ],
    },
    followed_up: {
      on: {
        ComplaintClosed: {
          guard: { type: 'actsAs', params: { roles: ['customer_service'] } },
          target: 'closed',
          actions: assign(({ event }) => ({
            rootCause: text(event.data, 'rootCause'),
            preventiveAction: text(event.data, 'preventiveAction'),
            closedAt: event.occurredAt,
            assignedRole: null,
          })),
        },
      },
    },
    closed: {
      on: {
        ComplaintReopened: {
          guard: { type: 'actsAs', params: { roles: ['customer_service', 'service_manager'] } },
          target: 'routed',
          actions: [
            assign(({ context, event }) => ({
              ...freshPlan,
              reopenCount: context.reopenCount + 1,
              reopenReasons: [...context.reopenReasons, text(event.data, 'reason') ?? 'reopened'],
              closedAt: null,
              followUp: null,
              clocks: { ...idleClocks, feedback: 'running' as const },
            })),
            'assignToHandler',
          ],
        },
      },
    },
    dismissed: {},
  },
});
