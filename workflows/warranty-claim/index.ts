import { WarrantyClaimEvents } from './events.js';
import type { WorkflowModule } from '../../libs/kernel/index.js';
import { CreateWarrantyClaimDto, warrantyClaimActionDtos } from './commands.js';
import { warrantyClaimDeadlines } from './deadlines.js';
import type { PolicySet } from './eligibility/policy.js';
import type { PriceListSet } from './pricing/price-list.js';
import { readPriceLists } from './price-lists.loader.js';
import { warrantyClaimReportFacts } from './report-facts.js';
import type { WarrantyClaimContext } from './warranty-claim-context.js';
import { createWarrantyClaimWorkflowV4 } from './v4/warranty-claim.workflow.js';
import { createWarrantyClaimWorkflowV2 } from './v2/warranty-claim.workflow.js';
import { createWarrantyClaimWorkflowV3 } from './v3/warranty-claim.workflow.js';
import { createWarrantyClaimWorkflowV1 } from './warranty-claim.workflow.js';
import { warrantyClaimCustomerFacts } from './customer-facts.js';

/**
 * Warranty claims (seed 002) judged by the eligibility policies in force: the policies are data the
 * operator ships (WARRANTY_POLICY_DIR), read and validated at start, so the module is made from them.
 * v4 prices every claim from the OEM price list (WARRANTY_PRICE_LIST_DIR), also read and validated at start.
 * New claims start on the last version (v4); a claim keeps the version it was opened under (docs/warranty.md).
 */
export function warrantyClaimModule(
  policies: PolicySet,
  priceLists: PriceListSet = readPriceLists(),
): WorkflowModule<WarrantyClaimContext> {
  return {
    caseType: 'warranty-claim',
    resource: 'warranty-claims',
    summary:
      'Warranty claims (质量保修索赔): quality determination with eligibility, filing within 10 days, old parts, OEM decision, payment, callback.',
    versions: [
      createWarrantyClaimWorkflowV1(policies),
      createWarrantyClaimWorkflowV2(policies),
      createWarrantyClaimWorkflowV3(policies),
      createWarrantyClaimWorkflowV4(policies, priceLists),
    ],
    deadlines: warrantyClaimDeadlines,
    events: Object.values(WarrantyClaimEvents),
    commands: { create: CreateWarrantyClaimDto, actions: warrantyClaimActionDtos },
    customerFacts: warrantyClaimCustomerFacts,
    reportFacts: warrantyClaimReportFacts,
  };
}
