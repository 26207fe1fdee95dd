import type { FieldError, WorkflowDefinition } from '../../libs/kernel/index.js';
import { FollowUpEvents } from './events.js';
import { CHANNELS } from './plan.js';
import type { FollowUpContext, FollowUpContextV3 } from './follow-up-context.js';
import { followUpMachineV1 } from './v1/machine.js';
import { followUpMachineV2 } from './v2/machine.js';
import { followUpMachineV3 } from './v3/machine.js';

export const followUpWorkflowV1: WorkflowDefinition<FollowUpContext> = {
  caseType: 'follow-up',
  resource: 'follow-ups',
  version: 1,
  machine: followUpMachineV1,
  create: {
    eventType: FollowUpEvents.scheduled,
    roles: ['reception', 'customer_service', 'service_advisor', 'service_manager', 'parts_manager'],
    description:
      'Schedule a follow-up call (回访) for a service event by the follow-up plan; sent by POST /api/v1/service-events.',
    references: { serviceEventId: 'service-event' },
  },
  actions: {
    'record-attempt': {
      eventType: FollowUpEvents.attemptRecorded,
      roles: ['customer_service'],
      description:
        'Record a call attempt: reached, not reached (counted against the plan’s attempts) or wrong number.',
    },
    complete: {
      eventType: FollowUpEvents.completed,
      roles: ['customer_service'],
      description: 'Record the call’s outcome: 7-level satisfaction, answers, notes.',
    },
    cancel: {
      eventType: FollowUpEvents.cancelled,
      roles: ['customer_service', 'service_manager'],
      description: 'Cancel the call with a reason (opted out, vehicle sold, …).',
    },
    'open-complaint': {
      eventType: FollowUpEvents.complaintOpened,
      roles: ['customer_service'],
      description:
        'Link the complaint opened for an unhappy customer (POST /api/v1/follow-ups/{id}/actions/open-complaint opens it prefilled).',
      references: { complaintId: 'complaint' },
    },
    'record-breach': {
      eventType: FollowUpEvents.windowMissed,
      roles: ['system'],
      description: 'Recorded by the SLA sweeper when the call’s window closes first.',
    },
  },
  finalStates: ['completed', 'unreachable', 'cancelled'],
  // `?kind=` the channel, `?dueBefore=` when the window opens (the call is due from then).
  listFacets: {
    category: 'triggerKind',
    linkedCaseId: 'serviceEventId',
    kind: 'channel',
    kinds: CHANNELS,
    dueAt: 'windowStartsAt',
  },
};

/** Version 2: the engine (acting for a dealer) may schedule a call, the lost-customer sweep's callback. */
export const followUpWorkflowV2: WorkflowDefinition<FollowUpContext> = {
  ...followUpWorkflowV1,
  version: 2,
  machine: followUpMachineV2,
};

/**
 * Version 3 (default for new follow-ups): version 2 (the lost-customer sweep's callback) plus the
 * maintenance reminders of seed 004. SMS and e-mail reminders are
 * delivered by the gateway (their recipient is personal data, sealed), which answers sent / failed /
 * replied; a call whose plan entry records the mileage needs it to complete. See docs/follow-ups.md.
 */
export const followUpWorkflowV3: WorkflowDefinition<FollowUpContextV3> = {
  ...(followUpWorkflowV1 as unknown as WorkflowDefinition<FollowUpContextV3>),
  version: 3,
  machine: followUpMachineV3,
  create: {
    ...followUpWorkflowV1.create,
    personalData: ['recipient.phone', 'recipient.email'],
  },
  actions: {
    ...(followUpWorkflowV1.actions as WorkflowDefinition<FollowUpContextV3>['actions']),
    complete: {
      ...followUpWorkflowV1.actions.complete!,
      description:
        'Record the call’s outcome: 7-level satisfaction, answers, notes, and the current mileage when the plan asks for it.',
      check: (context, data): FieldError[] =>
        context?.recordsMileage === true && typeof data.mileageKm !== 'number'
          ? [{ field: 'mileageKm', reason: 'this call records the customer’s current mileage (seed 004)' }]
          : [],
    },
    'record-reminder-sent': {
      eventType: FollowUpEvents.reminderSent,
      roles: ['system'],
      description:
        'The SMS/e-mail gateway sent the reminder (POST /api/v1/follow-ups/{id}/reminder-receipts).',
    },
    'record-reminder-failed': {
      eventType: FollowUpEvents.reminderFailed,
      roles: ['system'],
      description:
        'The gateway could not deliver the reminder; the plan’s phone call for the same date stays due.',
    },
    'record-reminder-replied': {
      eventType: FollowUpEvents.reminderReplied,
      roles: ['system'],
      description: 'The customer answered the reminder (the reply is personal data, sealed).',
      personalData: ['reply'],
    },
  },
  finalStates: ['completed', 'unreachable', 'cancelled', 'sent', 'failed', 'replied'],
};
