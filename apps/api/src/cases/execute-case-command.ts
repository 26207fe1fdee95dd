import { Command } from '@nestjs/cqrs';
import type { CaseCommand, CommandOutcome } from '../../../../libs/workflow-engine/index.js';

/** The one command every HTTP action becomes; handled by WorkflowCommandHandler. */
export class ExecuteCaseCommand extends Command<CommandOutcome> {
  constructor(readonly command: CaseCommand) {
    super();
  }
}
