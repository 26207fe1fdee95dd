import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationFailedError, type Actor } from '../../../../libs/kernel/index.js';
import type { ReadModelProgress } from '../../../../libs/runtime/index.js';
import { ReceiveServiceEventDto } from '../../../../workflows/service-event/commands.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CaseReadsService } from '../cases/case-reads.service.js';
import { ExecuteCaseCommand } from '../cases/execute-case-command.js';
import { READ_MODEL_PROGRESS } from '../engine/tokens.js';
import { importServiceEvents, type ImportAnswer } from './service-event-import.js';
import { ServiceEventIntake } from './service-event-intake.js';
import { correlationOf } from '../http/correlation-id.js';
import { answerEventPosition } from '../http/command-answer.js';

/** Service events from the dealers' management systems; each schedules the follow-up calls of the plan. */
@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('api/v1/service-events')
export class ServiceEventsController {
  private readonly intake: ServiceEventIntake;

  constructor(
    @Inject(CommandBus) commandBus: CommandBus,
    @Inject(CaseReadsService) reads: CaseReadsService,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
  ) {
    this.intake = new ServiceEventIntake(
      (command) => commandBus.execute(new ExecuteCaseCommand(command)),
      (caseType, caseId, actor) => reads.load(caseType, caseId, actor),
    );
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Report a service event; schedules its follow-up calls. Idempotent by (dealer, externalId): a repeat answers the first ids.',
  })
  @ApiBody({ type: ReceiveServiceEventDto })
  async receive(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ id: string; followUps: string[] }> {
    const correlationId = correlationOf(request);
    const answer = await this.intake.receive(body, actor, correlationId);
    answerEventPosition(this.progress, answer.position, reply);
    reply.header('Location', `/api/v1/service-events/${answer.id}`);
    return { id: answer.id, followUps: answer.followUps };
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Import service events from CSV (text/csv, UTF-8 with or without BOM): each line as one report; refused lines are listed, the others kept.',
  })
  @ApiConsumes('text/csv')
  async import(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ accepted: number; refused: ImportAnswer['refused'] }> {
    if (typeof body !== 'string')
      throw new ValidationFailedError([{ field: 'Content-Type', reason: 'send text/csv' }]);
    const correlationId = correlationOf(request);
    const answer = await importServiceEvents(this.intake, body, actor, correlationId);
    answerEventPosition(this.progress, answer.position, reply);
    return { accepted: answer.accepted, refused: answer.refused };
  }
}
