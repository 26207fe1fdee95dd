import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validatePayload } from '../../../../libs/command-schema/index.js';
import type { DelegationView, RecordedDelegation } from '../../../../libs/delegation/index.js';
import { CaseNotFoundError, isUuid, type Actor } from '../../../../libs/kernel/index.js';
import type { DelegationPort, ReadModelProgress } from '../../../../libs/runtime/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { WorkQueueQuery } from '../cases/work-queue.controller.js';
import { DELEGATIONS, READ_MODEL_PROGRESS } from '../engine/tokens.js';
import { DeclareDelegationDto, RevokeDelegationDto } from './delegation.dto.js';
import { correlationOf } from '../http/correlation-id.js';
import { answerEventPosition } from '../http/command-answer.js';

/**
 * Approvers' absences (docs/approvals.md "Delegation"): an approver declares their own, with a delegate
 * and a period, and revokes it; both are recorded events. The two people and auditors read them.
 */
@ApiTags('delegations')
@ApiBearerAuth()
@Controller('api/v1/delegations')
export class DelegationsController {
  constructor(
    @Inject(DELEGATIONS) private readonly delegations: DelegationPort,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Declare my absence: a delegate acts on my approval turns for the period (OEM approvers)',
  })
  @ApiBody({ type: DeclareDelegationDto })
  async declare(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DelegationView> {
    const input = (await validatePayload(DeclareDelegationDto, body)) as unknown as DeclareDelegationDto;
    return this.answer(
      await this.delegations.declare(actor, { ...input, correlationId: correlationOf(request) }),
      reply,
    );
  }

  @Get()
  @ApiOperation({
    summary: 'My delegations, as delegator or delegate (an auditor: all in scope), newest first',
  })
  async list(
    @Query() query: WorkQueueQuery,
    @CurrentActor() actor: Actor,
  ): Promise<{ items: DelegationView[] }> {
    return { items: await this.delegations.list(actor, query.limit ?? 50) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One delegation (its two people and auditors in scope)' })
  async get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<DelegationView> {
    return this.delegations.find(actor, checkedId(id));
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke my delegation: it ends at once (the declaring approver)' })
  @ApiBody({ type: RevokeDelegationDto, required: false })
  async revoke(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DelegationView> {
    const input = (await validatePayload(RevokeDelegationDto, body ?? {})) as unknown as RevokeDelegationDto;
    return this.answer(
      await this.delegations.revoke(actor, checkedId(id), {
        ...input,
        correlationId: correlationOf(request),
      }),
      reply,
    );
  }

  /** Read-your-writes as for every command: this node's reads after the answer wait for its event. */
  private async answer(recorded: RecordedDelegation, reply: FastifyReply): Promise<DelegationView> {
    answerEventPosition(this.progress, recorded.position, reply);
    return recorded.delegation;
  }
}

function checkedId(id: string): string {
  if (!isUuid(id)) throw new CaseNotFoundError('delegation', id.slice(0, 64));
  return id;
}
