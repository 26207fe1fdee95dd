import { FollowUpEvents } from './events.js';
import type { WorkflowModule } from '../../libs/kernel/index.js';
import { ScheduleFollowUpDto, followUpActionDtos } from './commands.js';
import { followUpDeadlines } from './deadlines.js';
import type { FollowUpContext } from './follow-up-context.js';
import { followUpWorkflowV1, followUpWorkflowV2, followUpWorkflowV3 } from './follow-up.workflow.js';
import type { FollowUpPlanSet } from './plan.js';
import { followUpCustomerFacts } from './customer-facts.js';
import { followUpReportFacts } from './report-facts.js';

/**
 * Follow-up calls (回访) after repairs, deliveries, maintenance, parts purchases and technical upgrades,
 * scheduled by the follow-up plan (FOLLOW_UP_PLAN_DIR), whose window ends are the module's clocks.
 */
export function followUpModule(plans: FollowUpPlanSet): WorkflowModule<FollowUpContext> {
  return {
    caseType: 'follow-up',
    resource: 'follow-ups',
    summary:
      'Follow-up calls (回访) scheduled by the plan: attempts, outcome, missed windows, linked complaints.',
    // New follow-ups start on v3 (v2's lost-customer callback, reminders, mileage); a follow-up keeps its version.
    versions: [
      followUpWorkflowV1,
      followUpWorkflowV2,
      followUpWorkflowV3 as unknown as typeof followUpWorkflowV1,
    ],
    deadlines: followUpDeadlines(plans),
    events: Object.values(FollowUpEvents),
    commands: { create: ScheduleFollowUpDto, actions: followUpActionDtos },
    customerFacts: followUpCustomerFacts,
    reportFacts: followUpReportFacts,
  };
}
