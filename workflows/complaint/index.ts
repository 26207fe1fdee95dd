import { ComplaintEvents } from './events.js';
import type { WorkflowDefinition, WorkflowModule } from '../../libs/kernel/index.js';
import { CreateComplaintDto, complaintActionDtos } from './commands.js';
import type { ComplaintContext } from './complaint-context.js';
import { complaintWorkflowV1, complaintWorkflowV2 } from './complaint.workflow.js';
import { complaintDeadlines } from './deadlines.js';
import { complaintReportFacts } from './report-facts.js';
import { complaintWorkflowV3 } from './v3/complaint.workflow.js';
import { complaintCustomerFacts } from './customer-facts.js';
import { complaintWorkflowV4 } from './v4/complaint.workflow.js';

/**
 * Customer complaints at a dealer (seeds 001, 004). New complaints start on v4; a complaint keeps the
 * version it was opened under for its whole life (docs/complaints.md).
 */
export const complaintModule: WorkflowModule<ComplaintContext> = {
  caseType: 'complaint',
  resource: 'complaints',
  summary: 'Customer complaints at a dealer: receive, verify, route, resolve, feedback, follow-up, close.',
  versions: [
    complaintWorkflowV1,
    complaintWorkflowV2,
    complaintWorkflowV3 as unknown as WorkflowDefinition<ComplaintContext>,
    complaintWorkflowV4 as unknown as WorkflowDefinition<ComplaintContext>,
  ],
  deadlines: complaintDeadlines,
  events: Object.values(ComplaintEvents),
  commands: { create: CreateComplaintDto, actions: complaintActionDtos },
  customerFacts: complaintCustomerFacts,
  reportFacts: complaintReportFacts,
};
