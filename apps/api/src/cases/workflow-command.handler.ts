import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../../../../libs/workflow-engine/index.js';
import type { EngineRuntime } from '../../../../libs/runtime/engine-runtime.js';
import { ENGINE_RUNTIME } from '../engine/tokens.js';
import { ExecuteCaseCommand } from './execute-case-command.js';

/** The generic handler: per-command code is only a DTO and a mapping; the machine decides. */
@CommandHandler(ExecuteCaseCommand)
export class WorkflowCommandHandler implements ICommandHandler<ExecuteCaseCommand, CommandOutcome> {
  constructor(@Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime) {}

  async execute({ command }: ExecuteCaseCommand): Promise<CommandOutcome> {
    const outcome = await this.runtime.engine.execute(command);
    this.runtime.runner.wake();
    return outcome;
  }
}
