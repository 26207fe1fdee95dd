import type { WorkflowModule } from '../../libs/kernel/index.js';
import { serviceEventModule } from '../service-event/index.js';
import { followUpModule } from './index.js';
import type { FollowUpPlanSet } from './plan.js';

/** The follow-up slice: service events in, follow-up calls out, both made from the plan. */
export function followUpWorkflows(plans: FollowUpPlanSet): WorkflowModule[] {
  return [serviceEventModule(plans), followUpModule(plans)] as WorkflowModule[];
}
