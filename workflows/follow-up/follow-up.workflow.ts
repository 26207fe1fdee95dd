import type { WorkflowDefinition } from '../../libs/kernel/index.js';
import { FollowUpEvents } from './events.js';
import type { FollowUpContext } from './follow-up-context.js';
import { followUpMachineV1 } from './v1/machine.js';
import { followUpMachineV2 } from './v2/machine.js';

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
  listFacets: { category: 'triggerKind', linkedCaseId: 'serviceEventId' },
};

/** Version 2: the engine (acting for a dealer) may schedule a call, the lost-customer sweep's callback. */
export const followUpWorkflowV2: WorkflowDefinition<FollowUpContext> = {
  ...followUpWorkflowV1,
  version: 2,
  machine: followUpMachineV2,
};
