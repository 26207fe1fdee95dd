import { PreferentialClaimEvents } from './events.js';
import type { WorkflowModule } from '../../libs/kernel/index.js';
import type { PolicySet } from '../warranty-claim/eligibility/policy.js';
import { CreatePreferentialClaimDto, preferentialClaimActionDtos } from './commands.js';
import type { PreferentialClaimContext } from './preferential-claim-context.js';
import {
  createPreferentialClaimWorkflowV3,
  preferentialClaimWorkflowV1,
  preferentialClaimWorkflowV2,
} from './preferential-claim.workflow.js';
import { preferentialClaimCustomerFacts } from './customer-facts.js';

/**
 * Preferential claims (seed 003) for sensitive customers out of warranty with a quality problem. "Out of
 * warranty" is what the warranty eligibility policies in force say, so the module is made from them.
 */
export function preferentialClaimModule(policies: PolicySet): WorkflowModule<PreferentialClaimContext> {
  return {
    caseType: 'preferential-claim',
    resource: 'preferential-claims',
    summary: 'Preferential claims (优惠索赔) for sensitive customers out of warranty with a quality problem.',
    versions: [
      preferentialClaimWorkflowV1,
      preferentialClaimWorkflowV2,
      createPreferentialClaimWorkflowV3(policies),
    ],
    deadlines: [],
    events: Object.values(PreferentialClaimEvents),
    commands: { create: CreatePreferentialClaimDto, actions: preferentialClaimActionDtos },
    customerFacts: preferentialClaimCustomerFacts,
  };
}
