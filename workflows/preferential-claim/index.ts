import type { WorkflowModule } from '../../libs/kernel/index.js';
import { CreatePreferentialClaimDto, preferentialClaimActionDtos } from './commands.js';
import type { PreferentialClaimContext } from './preferential-claim-context.js';
import { preferentialClaimWorkflowV1, preferentialClaimWorkflowV2 } from './preferential-claim.workflow.js';

/** Preferential claims (seed 003) for sensitive customers out of warranty with a quality problem. */
export const preferentialClaimModule: WorkflowModule<PreferentialClaimContext> = {
  caseType: 'preferential-claim',
  resource: 'preferential-claims',
  summary: 'Preferential claims (优惠索赔) for sensitive customers out of warranty with a quality problem.',
  versions: [preferentialClaimWorkflowV1, preferentialClaimWorkflowV2],
  deadlines: [],
  commands: { create: CreatePreferentialClaimDto, actions: preferentialClaimActionDtos },
};
