import { DEALER_ROLES, type WorkflowDefinition } from '../../libs/kernel/index.js';
import type { FollowUpPlanSet } from '../follow-up/plan.js';
import { ServiceEventEvents } from './events.js';
import { callsFor } from './follow-up-schedule.js';
import type { ServiceEventContext } from './service-event-context.js';
import { serviceEventMachineV1 } from './v1/machine.js';
import { serviceEventMachineV2 } from './v2/machine.js';

/**
 * Version 1. The plan is reference data read at start: the calls it asks for are recorded with the
 * event (`enrich`), so a newer plan applies to new triggers only and a retry schedules what the first
 * report asked for.
 */
export function serviceEventWorkflowV1(plans: FollowUpPlanSet): WorkflowDefinition<ServiceEventContext> {
  return {
    caseType: 'service-event',
    resource: 'service-events',
    version: 1,
    machine: serviceEventMachineV1,
    create: {
      eventType: ServiceEventEvents.received,
      roles: DEALER_ROLES,
      description:
        'Record a service event reported by the dealer’s management system (POST /api/v1/service-events schedules its follow-up calls).',
      personalData: ['customer.name', 'customer.phone', 'customer.email'],
      enrich: (_context, data) => {
        const anchors =
          typeof data.nextMaintenanceDueAt === 'string' ? { maintenanceDue: data.nextMaintenanceDueAt } : {};
        const { planVersion, calls } = callsFor(plans, String(data.kind), String(data.occurredAt), anchors);
        return { followUpPlanVersion: planVersion, followUpCalls: calls };
      },
    },
    actions: {},
    finalStates: ['received'],
    listFacets: { category: 'kind' },
  };
}

/**
 * Version 2: `customer_lost` is recorded by the lost-customer sweep only (the engine acting for the
 * vehicle's dealer); everything else as version 1.
 */
export function serviceEventWorkflowV2(plans: FollowUpPlanSet): WorkflowDefinition<ServiceEventContext> {
  const v1 = serviceEventWorkflowV1(plans);
  return {
    ...v1,
    version: 2,
    machine: serviceEventMachineV2,
    create: {
      ...v1.create,
      description: `${v1.create.description} The lost-customer sweep records customer_lost.`,
    },
  };
}
