// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { actsInScopeAs, isDealerRole, type CaseEvent } from '../../../libs/kernel/index.js';
import { FollowUpEvents, type AttemptOutcome, type Satisfaction } from '../events.js';
import type { FollowUpContext } from '../follow-up-context.js';

const text = (data: Record<string, unknown>, field: string): string =>
  typeof data[field] === 'string' ? data[field] : '';
const count = (data: Record<string, unknown>, field: string): number =>
  typeof data[field] === 'number' ? data[field] : 0;

const unscheduled: FollowUpContext = {
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
};

/**
 * Version 2: as version 1, but the engine (`system`, acting for a dealer) may schedule a call too — the
 * callback the lost-customer sweep records for a vehicle not seen for the configured period.
 *
 * A follow-up call v1 (回访, seeds 000/001/002/004). Scheduled from a service event by the plan, it waits
 * for customer service to call within its window:
 * - an attempt that reaches the customer moves it to `reached`; one that does not counts, and after the
 *   plan's `maxAttempts` of them, or a wrong number, the customer is `unreachable` (the dealer did what the
 *   plan asks; the clock is cancelled, not breached);
 * - `complete` records the 7-level satisfaction (from `scheduled` too: a call reached and finished in one);
 * - the window closing first is a breach: `missed`, exactly once; a late call may still be completed;
 * - an unhappy customer's complaint, opened from the follow-up, is linked once (`complaintId`).
 */
export const followUpMachineV2 = setup({
  types: {} as { context: FollowUpContext; events: CaseEvent },
  guards: {
    // v2: the lost-customer sweep (the engine, acting for the vehicle's dealer) schedules its callback.
    maySchedule: ({ event }) =>
      event.actor.dealerId !== undefined &&
      event.actor.roles.some((role) => isDealerRole(role) || role === 'system'),
    byCustomerService: ({ context, event }) => actsInScopeAs(event.actor, 'customer_service', context),
    mayCancel: ({ context, event }) =>
      actsInScopeAs(event.actor, 'customer_service', context) ||
      actsInScopeAs(event.actor, 'service_manager', context),
    mayLinkComplaint: ({ context, event }) =>
      context.complaintId === null && actsInScopeAs(event.actor, 'customer_service', context),
    bySystem: ({ event }) => event.actor.roles.includes('system'),
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
      assignedRole: null,
    })),
    linkComplaint: assign(({ event }) => ({ complaintId: text(event.data, 'complaintId') })),
    markLate: assign({ late: true }),
    release: assign({ assignedRole: null }),
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
          actions: assign(({ event }) => ({
            caseId: event.caseId,
            dealerId: event.actor.dealerId ?? '',
            ...(event.actor.regionId !== undefined ? { regionId: event.actor.regionId } : {}),
            assignedRole: 'customer_service' as const,
            serviceEventId: text(event.data, 'serviceEventId'),
            triggerKind: text(event.data, 'triggerKind'),
            triggeredAt: text(event.data, 'triggeredAt'),
            callIndex: count(event.data, 'callIndex'),
            purpose: text(event.data, 'purpose'),
            vin: text(event.data, 'vin'),
            channel: text(event.data, 'channel'),
            windowStartsAt: text(event.data, 'windowStartsAt'),
            windowEndsAt: text(event.data, 'windowEndsAt'),
            maxAttempts: count(event.data, 'maxAttempts'),
            planVersion: count(event.data, 'planVersion'),
          })),
        },
      },
    },
    scheduled: {
      on: {
        [FollowUpEvents.attemptRecorded]: {
          guard: 'byCustomerService',
          target: 'attempted',
          actions: 'recordAttempt',
        },
        [FollowUpEvents.completed]: {
          guard: 'byCustomerService',
          target: 'completed',
          actions: 'recordCompletion',
        },
        [FollowUpEvents.cancelled]: { guard: 'mayCancel', target: 'cancelled', actions: 'release' },
        [FollowUpEvents.windowMissed]: { guard: 'bySystem', target: 'missed', actions: 'markLate' },
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
          guard: 'byCustomerService',
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
        [FollowUpEvents.attemptRecorded]: { guard: 'byCustomerService', actions: 'recordAttempt' },
        [FollowUpEvents.completed]: {
          guard: 'byCustomerService',
          target: 'completed',
          actions: 'recordCompletion',
        },
        [FollowUpEvents.complaintOpened]: { guard: 'mayLinkComplaint', actions: 'linkComplaint' },
        [FollowUpEvents.cancelled]: { guard: 'mayCancel', target: 'cancelled', actions: 'release' },
      },
    },
    completed: {
      on: {
        [FollowUpEvents.complaintOpened]: { guard: 'mayLinkComplaint', actions: 'linkComplaint' },
      },
    },
    unreachable: {},
    cancelled: {},
  },
});
