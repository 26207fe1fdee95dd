// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { WorkflowDefinition } from '../../../libs/kernel/index.js';
import type { PolicySet } from '../eligibility/policy.js';
import type { WarrantyClaimContext } from '../warranty-claim-context.js';
import { createWarrantyClaimWorkflowV2 } from '../v2/warranty-claim.workflow.js';
import { warrantyClaimMachineV3 } from './machine.js';

/** The OEM's side of the claim. */
const OEM_STEPS = ['receive-old-parts', 'inspect-old-parts', 'approve', 'reject', 'pay', 'record-callback'];

/**
 * The warranty claim workflow, version 3: v2's actions (frozen with v2) on the v3 machine, which keeps
 * whoever acted for the dealer on a claim from taking the OEM's steps on it (docs/warranty.md "What changed
 * from v2"; segregation of duties by person, #22).
 */
export function createWarrantyClaimWorkflowV3(
  policySet: PolicySet,
): WorkflowDefinition<WarrantyClaimContext> {
  const v2 = createWarrantyClaimWorkflowV2(policySet);
  const oemStep = (action: string) => ({
    ...v2.actions[action]!,
    description: `${v2.actions[action]!.description} Never by a person who acted for the dealer on this claim.`,
  });
  return {
    ...v2,
    version: 3,
    machine: warrantyClaimMachineV3,
    actions: {
      ...v2.actions,
      ...Object.fromEntries(OEM_STEPS.map((action) => [action, oemStep(action)])),
    },
  };
}
