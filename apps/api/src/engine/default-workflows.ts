import { WorkflowRegistry } from '../../../../libs/workflow-engine/index.js';
import { complaintWorkflowV1 } from '../../../../workflows/complaint/complaint.workflow.js';
import type { AppConfig } from '../config/app-config.js';

/** Every workflow this engine runs, each version that may still have running cases. */
export function defaultWorkflows(_config: AppConfig): WorkflowRegistry {
  return new WorkflowRegistry([complaintWorkflowV1]);
}
