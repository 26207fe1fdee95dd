import type { WorkflowDefinition } from '../../../libs/kernel/index.js';
import type { PolicySet } from '../eligibility/policy.js';
import type { WarrantyClaimContext } from '../warranty-claim-context.js';
import { createWarrantyClaimWorkflowV1 } from '../warranty-claim.workflow.js';
import { FILING_DAYS, warrantyClaimMachineV2 } from './machine.js';

/**
 * The warranty claim workflow, version 2: v1's actions and checks on the v2 machine, whose guard withholds
 * `submit` once the seed's 10-day filing window has closed (docs/warranty.md "What changed from v1").
 */
export function createWarrantyClaimWorkflowV2(
  policySet: PolicySet,
): WorkflowDefinition<WarrantyClaimContext> {
  const v1 = createWarrantyClaimWorkflowV1(policySet, FILING_DAYS);
  return {
    ...v1,
    version: 2,
    machine: warrantyClaimMachineV2,
    actions: {
      ...v1.actions,
      submit: {
        ...v1.actions.submit!,
        description: `File the claim with the OEM within ${FILING_DAYS} days of the service; after that it is no longer offered, only withdrawal is.`,
      },
    },
  };
}
