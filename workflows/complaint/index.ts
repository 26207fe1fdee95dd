import type { WorkflowModule } from '../../libs/kernel/index.js';
import { CreateComplaintDto, complaintActionDtos } from './commands.js';
import type { ComplaintContext } from './complaint-context.js';
import { complaintWorkflowV1, complaintWorkflowV2 } from './complaint.workflow.js';
import { complaintDeadlines } from './deadlines.js';

/** Customer complaints at a dealer (seeds 001, 004). */
export const complaintModule: WorkflowModule<ComplaintContext> = {
  caseType: 'complaint',
  resource: 'complaints',
  summary: 'Customer complaints at a dealer: receive, verify, route, resolve, feedback, follow-up, close.',
  versions: [complaintWorkflowV1, complaintWorkflowV2],
  deadlines: complaintDeadlines,
  commands: { create: CreateComplaintDto, actions: complaintActionDtos },
};
