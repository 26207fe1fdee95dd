import type { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import {
  IdempotencyKeyReusedError,
  TransitionNotAllowedError,
  type Actor,
} from '../../../../libs/kernel/index.js';
import type { AppConfig } from '../../../../libs/config/index.js';
import type { ReadModelProgress } from '../../../../libs/runtime/index.js';
import type { CaseView, CommandOutcome } from '../../../../libs/workflow-engine/index.js';
import type { CaseReadsService } from './case-reads.service.js';
import { ExecuteCaseCommand } from './execute-case-command.js';
import { awaitReadModels } from '../http/command-answer.js';

/** One case opened from another and linked back: a follow-up's complaint, a warranty claim's preferential claim. */
export interface LinkedCaseOpening {
  /** The case acted on, and the action that records the link with `{ [linkField]: target id }`. */
  readonly from: {
    readonly caseType: string;
    readonly caseId: string;
    /** The case as the caller reads it now: whether it is linked already, whether it offers `action`. */
    readonly view: CaseView;
    readonly action: string;
    readonly linkField: string;
    /** Derived from the opened case, so a retried link is recorded once. */
    readonly linkCommandId: string;
  };
  /** The case to open: its id is derived from `from`, so a retry opens the same one. */
  readonly to: {
    readonly caseType: string;
    readonly caseId: string;
    readonly resource: string;
    /** Its opening payload, prefilled from `from`; asked for only when the case is to be opened. */
    readonly data: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  };
  readonly actor: Actor;
  readonly correlationId: string;
}

/** The engine services an opening goes through. */
export interface LinkedCaseServices {
  readonly commandBus: CommandBus;
  readonly reads: CaseReadsService;
  readonly progress: ReadModelProgress;
  readonly config: AppConfig;
}

/**
 * Opens `to`, then records the link on `from`; both commands carry ids derived from the cases, so a retry
 * after a crash between the two links the one case opened (an earlier try with other words is linked as it
 * is). Answers `from` as the read models show it once they caught up, with the new case's Location.
 */
export async function openLinkedCase(
  services: LinkedCaseServices,
  opening: LinkedCaseOpening,
  reply: FastifyReply,
): Promise<CaseView> {
  const { from, to, actor, correlationId } = opening;
  // A retry after the link answers what the first request did.
  if (from.view.data[from.linkField] === to.caseId) {
    reply.header('Location', `/api/v1/${to.resource}/${to.caseId}`);
    return from.view;
  }
  // A case is opened only where `from` will link it.
  if (!from.view.allowedActions.includes(from.action))
    throw new TransitionNotAllowedError(from.action, from.view.state, from.view.allowedActions);
  const data = await to.data();
  const execute = (command: ExecuteCaseCommand['command']): Promise<CommandOutcome> =>
    services.commandBus.execute(new ExecuteCaseCommand(command));
  try {
    await execute({
      caseType: to.caseType,
      caseId: to.caseId,
      commandId: to.caseId,
      action: 'create',
      data,
      actor,
      correlationId,
      causationId: from.caseId,
    });
  } catch (error) {
    if (!(error instanceof IdempotencyKeyReusedError)) throw error;
  }
  const linked = await execute({
    caseType: from.caseType,
    caseId: from.caseId,
    commandId: from.linkCommandId,
    action: from.action,
    data: { [from.linkField]: to.caseId },
    actor,
    correlationId,
    causationId: to.caseId,
  });
  await awaitReadModels(services.progress, services.config.projectionWaitMs, linked.position, reply);
  reply.header('Location', `/api/v1/${to.resource}/${to.caseId}`);
  return linked.decided !== undefined
    ? services.reads.viewOf(linked.decided, actor)
    : services.reads.view(from.caseType, from.caseId, actor);
}
