import type { WorkflowModule } from '../libs/kernel/index.js';
import { complaintModule } from './complaint/index.js';
import { goodwillModule } from './goodwill/index.js';
import { preferentialClaimModule } from './preferential-claim/index.js';
import type { PolicySet } from './warranty-claim/eligibility/policy.js';
import { warrantyClaimModule } from './warranty-claim/index.js';

/** Reference data some workflows are built from, read and validated by the process at start. */
export interface WorkflowReferenceData {
  readonly warrantyPolicies: PolicySet;
}

/** Every workflow this engine runs: one line per workflow. */
export function registeredWorkflows(reference: WorkflowReferenceData): WorkflowModule[] {
  return [
    complaintModule,
    goodwillModule,
    preferentialClaimModule,
    warrantyClaimModule(reference.warrantyPolicies),
  ] as WorkflowModule[];
}
