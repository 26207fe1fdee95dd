import { GoodwillEvents } from './events.js';
import type { WorkflowModule } from '../../libs/kernel/index.js';
import { CreateGoodwillApplicationDto, goodwillActionDtos } from './commands.js';
import type { GoodwillContext } from './goodwill-context.js';
import { goodwillReportFacts } from './report-facts.js';
import { goodwillWorkflowV1, goodwillWorkflowV2 } from './goodwill.workflow.js';
import { goodwillCustomerFacts } from './customer-facts.js';
import { goodwillWorkflowV3 } from './v3/goodwill.workflow.js';
import { goodwillRequiredDocuments } from './required-documents.js';

/**
 * Goodwill payments (seed 003): no clock of their own; the approval chain orders the signatures. New
 * applications start on v3; an application keeps the version it was opened under (docs/approvals.md).
 */
export const goodwillModule: WorkflowModule<GoodwillContext> = {
  caseType: 'goodwill',
  resource: 'goodwill-applications',
  summary: 'Goodwill payments (善意补偿款): waiver, signatures in order, approval, archive, settlement.',
  versions: [goodwillWorkflowV1, goodwillWorkflowV2, goodwillWorkflowV3],
  deadlines: [],
  events: Object.values(GoodwillEvents),
  commands: { create: CreateGoodwillApplicationDto, actions: goodwillActionDtos },
  customerFacts: goodwillCustomerFacts,
  reportFacts: goodwillReportFacts,
  requiredDocuments: goodwillRequiredDocuments,
};
