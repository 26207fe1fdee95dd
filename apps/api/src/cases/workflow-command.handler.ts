import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CaseCommandExecutor, CommandOutcome } from '../../../../libs/workflow-engine/index.js';
import { CASE_COMMANDS } from '../engine/tokens.js';
import { ExecuteCaseCommand } from './execute-case-command.js';

/** The generic handler: per-command code is only a DTO and a mapping; the machine decides. */
@CommandHandler(ExecuteCaseCommand)
export class WorkflowCommandHandler implements ICommandHandler<ExecuteCaseCommand, CommandOutcome> {
  constructor(@Inject(CASE_COMMANDS) private readonly commands: CaseCommandExecutor) {}

  execute({ command }: ExecuteCaseCommand): Promise<CommandOutcome> {
    return this.commands.execute(command);
  }
}
