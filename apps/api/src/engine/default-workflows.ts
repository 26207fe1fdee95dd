import { WorkflowRegistry } from '../../../../libs/workflow-engine/index.js';
import {
  complaintWorkflowV1,
  complaintWorkflowV2,
} from '../../../../workflows/complaint/complaint.workflow.js';
import { goodwillWorkflowV1, goodwillWorkflowV2 } from '../../../../workflows/goodwill/goodwill.workflow.js';
import {
  preferentialClaimWorkflowV1,
  preferentialClaimWorkflowV2,
} from '../../../../workflows/preferential-claim/preferential-claim.workflow.js';
import type { AppConfig } from '../config/app-config.js';
import type { PolicySet } from '../../../../workflows/warranty-claim/eligibility/policy.js';
import { createWarrantyClaimWorkflowV1 } from '../../../../workflows/warranty-claim/warranty-claim.workflow.js';
import { readPolicySet } from './warranty-policies.js';

/** Every workflow this engine runs, each version that may still have running cases. */
export function defaultWorkflows(
  config: AppConfig,
  policies: PolicySet = readPolicySet(config.warrantyPolicyDir),
): WorkflowRegistry {
  return new WorkflowRegistry([
    complaintWorkflowV1,
    complaintWorkflowV2,
    goodwillWorkflowV1,
    goodwillWorkflowV2,
    preferentialClaimWorkflowV1,
    preferentialClaimWorkflowV2,
    createWarrantyClaimWorkflowV1(policies),
  ]);
}
