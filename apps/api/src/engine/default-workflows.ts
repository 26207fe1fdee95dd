import { WorkflowRegistry } from '../../../../libs/workflow-engine/index.js';
import { complaintWorkflowV1 } from '../../../../workflows/complaint/complaint.workflow.js';
import { goodwillWorkflowV1 } from '../../../../workflows/goodwill/goodwill.workflow.js';
import { preferentialClaimWorkflowV1 } from '../../../../workflows/preferential-claim/preferential-claim.workflow.js';
import type { AppConfig } from '../config/app-config.js';

/** Every workflow this engine runs, each version that may still have running cases. */
export function defaultWorkflows(_config: AppConfig): WorkflowRegistry {
  return new WorkflowRegistry([complaintWorkflowV1, goodwillWorkflowV1, preferentialClaimWorkflowV1]);
}
