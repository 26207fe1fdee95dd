// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { actsInScopeAs, type CaseEvent, type Role } from '../../../libs/kernel/index.js';
import type { ComplaintContext, MajorComplaintRule } from '../complaint-context.js';
import type { ComplaintIntake, ProblemClass, ReplyDecision, Satisfaction } from '../events.js';
import { DISSATISFIED_LEVELS, escalated, handlerRole, isMajor, routeFor } from './complaint-rules.js';
import { textOf as text } from './event-data.js';

const openComplaint: ComplaintContext = {
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
};

/** What makes a complaint major at intake in this version. */
const majorRule: MajorComplaintRule = { sensitivities: ['media'] };

/**
 * The complaint lifecycle v1 (DOMAIN.md §1, seeds 001/004/002): receive → verify and route → prepare a
 * resolution → customer reply → 24 h feedback → satisfaction → 7-day follow-up → close; dismissal,
 * escalation service manager → general manager, reopening. Pure: time and actor come in the event.
 * A complaint is major at intake when its severity is major, it is a safety issue, an authority referred
 * it, or the customer is media-sensitive.
 */
export const complaintMachineV1 = setup({
  types: {} as { context: ComplaintContext; events: CaseEvent },
  guards: {
    /** Dealer staff of the owning dealer holding `role` (first-responder responsibility). */
    actsAs: ({ context, event }, params: { roles: readonly Role[] }) =>
      params.roles.some((role) => actsInScopeAs(event.actor, role, context)),
    canReceive: ({ event }) =>
      event.actor.dealerId !== undefined &&
      (event.actor.roles.includes('reception') || event.actor.roles.includes('customer_service')),
    actsAsHandler: ({ context, event }) => actsInScopeAs(event.actor, handlerRole(context), context),
    canEscalate: ({ context, event }) =>
      context.escalationLevel < 2 &&
      (actsInScopeAs(event.actor, 'customer_service', context) ||
        actsInScopeAs(event.actor, 'service_manager', context)),
    bySystem: ({ event }) => event.actor.roles.includes('system'),
    replyAccepted: ({ context }) => context.customerReply?.decision === 'accepted',
    customerSatisfied: ({ context }) => context.satisfied === true,
    followUpDissatisfied: ({ context }) =>
      context.followUp !== null && DISSATISFIED_LEVELS.includes(context.followUp.satisfaction),
  },
  actions: {
    recordEscalation: assign(({ context, event }) =>
      escalated(
        context,
        text(event.data, 'reason') ?? 'escalated on request',
        event.actor.id,
        event.occurredAt,
      ),
    ),
    recordBreach: assign(({ context, event }) => {
      const kind = text(event.data, 'kind') ?? 'unknown';
      return {
        breaches: [
          ...context.breaches,
          { kind, dueAt: text(event.data, 'dueAt') ?? '', at: event.occurredAt },
        ],
        ...escalated(context, `${kind} deadline missed`, event.actor.id, event.occurredAt),
      };
    }),
    assignToHandler: assign(({ context }) => ({ assignedRole: handlerRole(context) })),
  },
}).createMachine({
  id: 'complaint',
  initial: 'none',
  context: openComplaint,
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
            const major = isMajor(intake, majorRule);
            return {
              caseId: event.caseId,
              dealerId: intake.dealerId,
              ...(intake.regionId !== undefined ? { regionId: intake.regionId } : {}),
              channel: intake.channel,
              category: intake.category,
              severity: intake.severity,
              safety: intake.safety === true,
              major,
              customer: { ...intake.customer, sensitive: intake.customer.sensitive ?? [] },
              vehicle: intake.vehicle,
              repairOrderId: intake.repairOrderId ?? null,
              description: intake.description,
              receivedBy: event.actor.id,
              assignedRole: 'customer_service' as const,
              ...(major
                ? escalated(
                    { escalationLevel: 0, escalations: [] },
                    'major complaint at intake',
                    event.actor.id,
                    event.occurredAt,
                  )
                : {}),
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
            assign(({ event }) => {
              const problemClass = text(event.data, 'problemClass') as ProblemClass;
              return {
                problemClass,
                findings: text(event.data, 'findings'),
                routedTo: routeFor(problemClass),
              };
            }),
            'assignToHandler',
          ],
        },
        ComplaintDismissed: {
          guard: { type: 'actsAs', params: { roles: ['customer_service'] } },
          target: 'dismissed',
          actions: assign(({ event }) => ({
            dismissalReason: text(event.data, 'reason'),
            assignedRole: null,
          })),
        },
        ComplaintEscalated: { guard: 'canEscalate', actions: 'recordEscalation' },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
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
            customerReply: null,
            assignedRole: 'customer_service' as const,
          })),
        },
        ComplaintEscalated: { guard: 'canEscalate', actions: ['recordEscalation', 'assignToHandler'] },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: ['recordBreach', 'assignToHandler'] },
      },
    },
    awaiting_customer_reply: {
      on: {
        ComplaintCustomerReplied: {
          guard: { type: 'actsAs', params: { roles: ['customer_service', 'service_advisor'] } },
          target: 'reply_recorded',
          actions: assign(({ event }) => ({
            customerReply: {
              decision: text(event.data, 'decision') as ReplyDecision,
              notes: text(event.data, 'notes'),
              at: event.occurredAt,
            },
          })),
        },
        ComplaintEscalated: { guard: 'canEscalate', actions: 'recordEscalation' },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
      },
    },
    /** Transient: an accepted plan goes to the repair and its feedback; a rejected one escalates. */
    reply_recorded: {
      always: [
        {
          guard: 'replyAccepted',
          target: 'awaiting_feedback',
          actions: assign({ assignedRole: 'service_advisor' as const }),
        },
        {
          target: 'routed',
          actions: [
            assign(({ context, event }) => ({
              rejectedResolutions: context.rejectedResolutions + 1,
              ...escalated(
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
    awaiting_feedback: {
      on: {
        ComplaintFeedbackReported: {
          guard: { type: 'actsAs', params: { roles: ['service_advisor'] } },
          target: 'awaiting_satisfaction',
          actions: assign(({ event }) => ({
            feedback: {
              result: text(event.data, 'result') ?? '',
              reportedBy: event.actor.id,
              at: event.occurredAt,
            },
            assignedRole: 'customer_service' as const,
          })),
        },
        ComplaintEscalated: { guard: 'canEscalate', actions: 'recordEscalation' },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
      },
    },
    awaiting_satisfaction: {
      on: {
        ComplaintSatisfactionConfirmed: {
          guard: { type: 'actsAs', params: { roles: ['customer_service'] } },
          target: 'satisfaction_recorded',
          actions: assign(({ event }) => ({ satisfied: event.data.satisfied === true })),
        },
        ComplaintEscalated: { guard: 'canEscalate', actions: 'recordEscalation' },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
      },
    },
    /** Transient: a satisfied customer starts the 7-day follow-up; an unsatisfied one needs a new plan. */
    satisfaction_recorded: {
      always: [
        {
          guard: 'customerSatisfied',
          target: 'awaiting_follow_up',
          actions: assign({ assignedRole: 'customer_service' as const }),
        },
        {
          target: 'routed',
          actions: [
            assign(({ context, event }) =>
              escalated(context, 'customer not satisfied with the result', event.actor.id, event.occurredAt),
            ),
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
          actions: assign(({ event }) => ({
            followUp: {
              satisfaction: text(event.data, 'satisfaction') as Satisfaction,
              notes: text(event.data, 'notes'),
              at: event.occurredAt,
            },
          })),
        },
        ComplaintEscalated: { guard: 'canEscalate', actions: 'recordEscalation' },
        ComplaintDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
      },
    },
    /** Transient: a dissatisfied follow-up reopens the case for its handler (DOMAIN.md §1 step 8). */
    follow_up_recorded: {
      always: [
        {
          guard: 'followUpDissatisfied',
          target: 'routed',
          actions: [
            assign(({ context }) => ({
              reopenCount: context.reopenCount + 1,
              reopenReasons: [
                ...context.reopenReasons,
                `follow-up found the customer ${context.followUp?.satisfaction}`,
              ],
              resolution: null,
              customerReply: null,
              feedback: null,
              satisfied: null,
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
          actions: assign(({ event }) => ({ closedAt: event.occurredAt, assignedRole: null })),
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
              reopenCount: context.reopenCount + 1,
              reopenReasons: [...context.reopenReasons, text(event.data, 'reason') ?? 'reopened'],
              closedAt: null,
              resolution: null,
              customerReply: null,
              feedback: null,
              satisfied: null,
              followUp: null,
            })),
            'assignToHandler',
          ],
        },
      },
    },
    dismissed: {},
  },
});
