import { GoodwillEvents } from './events.js';
import type { WorkflowModule } from '../../libs/kernel/index.js';
import { CreateGoodwillApplicationDto, goodwillActionDtos } from './commands.js';
import type { GoodwillContext } from './goodwill-context.js';
import { goodwillWorkflowV1, goodwillWorkflowV2 } from './goodwill.workflow.js';
import { goodwillRequiredDocuments } from './required-documents.js';

/** Goodwill payments (seed 003): no clock of their own; the approval chain orders the signatures. */
export const goodwillModule: WorkflowModule<GoodwillContext> = {
  caseType: 'goodwill',
  resource: 'goodwill-applications',
  summary: 'Goodwill payments (善意补偿款): waiver, signatures in order, approval, archive, settlement.',
  versions: [goodwillWorkflowV1, goodwillWorkflowV2],
  deadlines: [],
  events: Object.values(GoodwillEvents),
  commands: { create: CreateGoodwillApplicationDto, actions: goodwillActionDtos },
  requiredDocuments: goodwillRequiredDocuments,
};
