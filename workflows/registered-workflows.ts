import type { WorkflowModule } from '../libs/kernel/index.js';
import { complaintModule } from './complaint/index.js';
import type { FollowUpPlanSet } from './follow-up/plan.js';
import { readFollowUpPlans } from './follow-up/plans.loader.js';
import { followUpWorkflows } from './follow-up/workflows.js';
import { goodwillModule } from './goodwill/index.js';
import { preferentialClaimModule } from './preferential-claim/index.js';
import type { PolicySet } from './warranty-claim/eligibility/policy.js';
import { warrantyClaimModule } from './warranty-claim/index.js';

/** Reference data some workflows are built from, read and validated by the process at start. */
export interface WorkflowReferenceData {
  readonly warrantyPolicies: PolicySet;
  /** FOLLOW_UP_PLAN_DIR's plans; the bundled ones when not given. */
  readonly followUpPlans?: FollowUpPlanSet;
}

/** Every workflow this engine runs: one line per workflow. */
export function registeredWorkflows(reference: WorkflowReferenceData): WorkflowModule[] {
  return [
    complaintModule,
    goodwillModule,
    preferentialClaimModule,
    warrantyClaimModule(reference.warrantyPolicies),
    ...followUpWorkflows(reference.followUpPlans ?? readFollowUpPlans()),
  ] as WorkflowModule[];
}
