// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { actsInScopeAs, isDealerRole, type CaseEvent } from '../../../libs/kernel/index.js';
import {
  FollowUpEvents,
  REMINDER_CHANNELS,
  type AttemptOutcome,
  type ReminderReceipt,
  type Satisfaction,
} from '../events.js';
import type { FollowUpContextV3 } from '../follow-up-context.js';

const text = (data: Record<string, unknown>, field: string): string =>
  typeof data[field] === 'string' ? data[field] : '';
const count = (data: Record<string, unknown>, field: string): number =>
  typeof data[field] === 'number' ? data[field] : 0;

const unscheduled: FollowUpContextV3 = {
  caseId: '',
  dealerId: '',
  assignedRole: null,
  serviceEventId: '',
  triggerKind: '',
  triggeredAt: '',
  callIndex: 0,
  purpose: '',
  vin: '',
  channel: 'phone',
  windowStartsAt: '',
  windowEndsAt: '',
  maxAttempts: 1,
  planVersion: 1,
  notReached: 0,
  lastOutcome: null,
  satisfaction: null,
  late: false,
  complaintId: null,
  anchorAt: null,
  recordsMileage: false,
  mileageKm: null,
  reminderStatus: null,
  reminderMessageId: null,
};

/** The gateway's answer as the context keeps it. */
const receipt = (status: ReminderReceipt, event: CaseEvent) => ({
  reminderStatus: status,
  reminderMessageId: text(event.data, 'messageId'),
  assignedRole: null,
});

/** The gateway's answers about a reminder not yet sent: sent, failed or replied (recorded by the system). */
const gatewayAnswers = {
  [FollowUpEvents.reminderSent]: { guard: 'reminderBySystem', target: 'sent', actions: 'sent' },
  [FollowUpEvents.reminderFailed]: { guard: 'reminderBySystem', target: 'failed', actions: 'failed' },
  [FollowUpEvents.reminderReplied]: { guard: 'reminderBySystem', target: 'replied', actions: 'replied' },
} as const;

/**
 * A follow-up v3: v2's call (the engine, acting for a dealer, may schedule one: the callback the
 * lost-customer sweep records), plus what the maintenance reminders of seed 004 ask for.
 * - A call (channel `phone`) is v1's: attempts, outcome, missed window, linked complaint; when its plan
 *   entry `recordsMileage`, completing it records the customer's current mileage (「询问客户最新的行驶里程
 *   并输入系统」; the definition's check refuses a completion without it).
 * - A reminder (channel `sms` or `email`) is not dialled: the gateway delivers it and its answer is
 *   recorded by the system: `sent` (the window's clock is met), `failed` (ended without a verdict: the
 *   plan's phone call stays due, 「在客户收到邮件和手机短信之后,在客户入厂日前11 日,使用电话提醒」), or
 *   `replied` (the customer answered; customer service reads it in the history). Customer service records
 *   no attempt and no outcome on a reminder; it may cancel one not yet sent.
 * - `not_needed` cancels a second call the first one made unnecessary.
 */
export const followUpMachineV3 = setup({
  types: {} as { context: FollowUpContextV3; events: CaseEvent },
  guards: {
    // From v2: the lost-customer sweep (the engine, acting for the vehicle's dealer) schedules its callback.
    maySchedule: ({ event }) =>
      event.actor.dealerId !== undefined &&
      event.actor.roles.some((role) => isDealerRole(role) || role === 'system'),
    callByCustomerService: ({ context, event }) =>
      !(REMINDER_CHANNELS as readonly string[]).includes(context.channel) &&
      actsInScopeAs(event.actor, 'customer_service', context),
    mayCancel: ({ context, event }) =>
      actsInScopeAs(event.actor, 'customer_service', context) ||
      actsInScopeAs(event.actor, 'service_manager', context),
    mayLinkComplaint: ({ context, event }) =>
      context.complaintId === null && actsInScopeAs(event.actor, 'customer_service', context),
    bySystem: ({ event }) => event.actor.roles.includes('system'),
    reminderBySystem: ({ context, event }) =>
      (REMINDER_CHANNELS as readonly string[]).includes(context.channel) &&
      event.actor.roles.includes('system'),
    lastReached: ({ context }) => context.lastOutcome === 'reached',
    noLongerReachable: ({ context }) =>
      context.lastOutcome === 'wrong_number' || context.notReached >= context.maxAttempts,
  },
  actions: {
    recordAttempt: assign(({ context, event }) => {
      const outcome = text(event.data, 'outcome') as AttemptOutcome;
      return {
        lastOutcome: outcome,
        notReached: context.notReached + (outcome === 'not_reached' ? 1 : 0),
      };
    }),
    recordCompletion: assign(({ event }) => ({
      satisfaction: text(event.data, 'satisfaction') as Satisfaction,
      mileageKm: typeof event.data.mileageKm === 'number' ? event.data.mileageKm : null,
      assignedRole: null,
    })),
    linkComplaint: assign(({ event }) => ({ complaintId: text(event.data, 'complaintId') })),
    markLate: assign({ late: true }),
    release: assign({ assignedRole: null }),
    sent: assign(({ event }) => receipt('sent', event)),
    failed: assign(({ event }) => receipt('failed', event)),
    replied: assign(({ event }) => receipt('replied', event)),
  },
}).createMachine({
  id: 'follow-up',
  initial: 'none',
  context: unscheduled,
  states: {
    none: {
      on: {
        [FollowUpEvents.scheduled]: {
          guard: 'maySchedule',
          target: 'scheduled',
          actions: assign(({ event }) => {
            const channel = text(event.data, 'channel');
            return {
              caseId: event.caseId,
              dealerId: event.actor.dealerId ?? '',
              ...(event.actor.regionId !== undefined ? { regionId: event.actor.regionId } : {}),
              // A reminder waits for the gateway, not for a person.
              assignedRole: (REMINDER_CHANNELS as readonly string[]).includes(channel)
                ? null
                : ('customer_service' as const),
              serviceEventId: text(event.data, 'serviceEventId'),
              triggerKind: text(event.data, 'triggerKind'),
              triggeredAt: text(event.data, 'triggeredAt'),
              callIndex: count(event.data, 'callIndex'),
              purpose: text(event.data, 'purpose'),
              vin: text(event.data, 'vin'),
              channel,
              windowStartsAt: text(event.data, 'windowStartsAt'),
              windowEndsAt: text(event.data, 'windowEndsAt'),
              maxAttempts: count(event.data, 'maxAttempts'),
              planVersion: count(event.data, 'planVersion'),
              anchorAt: typeof event.data.anchorAt === 'string' ? event.data.anchorAt : null,
              recordsMileage: event.data.recordsMileage === true,
            };
          }),
        },
      },
    },
    scheduled: {
      on: {
        [FollowUpEvents.attemptRecorded]: {
          guard: 'callByCustomerService',
          target: 'attempted',
          actions: 'recordAttempt',
        },
        [FollowUpEvents.completed]: {
          guard: 'callByCustomerService',
          target: 'completed',
          actions: 'recordCompletion',
        },
        [FollowUpEvents.cancelled]: { guard: 'mayCancel', target: 'cancelled', actions: 'release' },
        [FollowUpEvents.windowMissed]: { guard: 'bySystem', target: 'missed', actions: 'markLate' },
        ...gatewayAnswers,
      },
    },
    /** Transient: where the last attempt leaves the call. */
    attempted: {
      always: [
        { guard: 'lastReached', target: 'reached' },
        { guard: 'noLongerReachable', target: 'unreachable', actions: 'release' },
        { target: 'scheduled' },
      ],
    },
    reached: {
      on: {
        [FollowUpEvents.completed]: {
          guard: 'callByCustomerService',
          target: 'completed',
          actions: 'recordCompletion',
        },
        [FollowUpEvents.complaintOpened]: { guard: 'mayLinkComplaint', actions: 'linkComplaint' },
        [FollowUpEvents.cancelled]: { guard: 'mayCancel', target: 'cancelled', actions: 'release' },
        [FollowUpEvents.windowMissed]: { guard: 'bySystem', target: 'missed', actions: 'markLate' },
      },
    },
    missed: {
      on: {
        [FollowUpEvents.attemptRecorded]: { guard: 'callByCustomerService', actions: 'recordAttempt' },
        [FollowUpEvents.completed]: {
          guard: 'callByCustomerService',
          target: 'completed',
          actions: 'recordCompletion',
        },
        [FollowUpEvents.complaintOpened]: { guard: 'mayLinkComplaint', actions: 'linkComplaint' },
        [FollowUpEvents.cancelled]: { guard: 'mayCancel', target: 'cancelled', actions: 'release' },
        // A reminder the gateway answers after its window closed.
        ...gatewayAnswers,
      },
    },
    completed: {
      on: {
        [FollowUpEvents.complaintOpened]: { guard: 'mayLinkComplaint', actions: 'linkComplaint' },
      },
    },
    /** The gateway delivered the reminder; a delivery report may still say it failed, or the customer reply. */
    sent: {
      on: {
        [FollowUpEvents.reminderFailed]: { guard: 'reminderBySystem', target: 'failed', actions: 'failed' },
        [FollowUpEvents.reminderReplied]: {
          guard: 'reminderBySystem',
          target: 'replied',
          actions: 'replied',
        },
      },
    },
    failed: {},
    replied: {},
    unreachable: {},
    cancelled: {},
  },
});
