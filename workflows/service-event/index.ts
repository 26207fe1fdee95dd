import { ServiceEventEvents } from './events.js';
import type { WorkflowModule } from '../../libs/kernel/index.js';
import type { FollowUpPlanSet } from '../follow-up/plan.js';
import { ReceiveServiceEventDto } from './commands.js';
import type { ServiceEventContext } from './service-event-context.js';
import { serviceEventWorkflowV1, serviceEventWorkflowV2 } from './service-event.workflow.js';
import { serviceEventCustomerFacts } from './customer-facts.js';
import { lostCustomerCallback } from './lost-customer-callback.js';

/** Service events from the dealers' management systems: the triggers of follow-up calls. */
export function serviceEventModule(plans: FollowUpPlanSet): WorkflowModule<ServiceEventContext> {
  return {
    caseType: 'service-event',
    resource: 'service-events',
    summary: 'Service events reported by dealer systems (repairs, deliveries, maintenance, parts, upgrades).',
    versions: [serviceEventWorkflowV1(plans), serviceEventWorkflowV2(plans)],
    deadlines: [],
    events: Object.values(ServiceEventEvents),
    commands: { create: ReceiveServiceEventDto, actions: {} },
    customerFacts: serviceEventCustomerFacts,
    lostCustomerCallback,
  };
}
