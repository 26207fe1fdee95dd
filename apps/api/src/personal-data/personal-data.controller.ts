import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CaseNotFoundError,
  ForbiddenError,
  hasRole,
  isUuid,
  type Actor,
} from '../../../../libs/kernel/index.js';
import type { PersonalDataErasure, ReadModelProgress } from '../../../../libs/runtime/index.js';
import type { ErasureRecord } from '../../../../libs/workflow-engine/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CaseReadsService } from '../cases/case-reads.service.js';
import { RESOURCE_CATALOG, ResourceCatalog } from '../cases/resource-catalog.js';
import { PERSONAL_DATA_ERASURE, READ_MODEL_PROGRESS } from '../engine/tokens.js';
import { ReasonDto, validatePayload } from '../../../../libs/command-schema/index.js';
import { correlationOf } from '../http/correlation-id.js';
import { answerEventPosition } from '../http/command-answer.js';

/**
 * Erasure of a case's personal data on the customer's request (DOMAIN.md: the privacy officer). Recorded
 * as an event with who and why, then the case's key is destroyed: from the response on, every process
 * shows `[erased]` on every read path. Other roles get 403; a case outside the caller's scope, 404.
 */
// Listed per resource in the OpenAPI document (openapi.ts), as the generic case routes are.
@ApiExcludeController()
@Controller('api/v1')
export class PersonalDataController {
  constructor(
    @Inject(PERSONAL_DATA_ERASURE) private readonly erasure: PersonalDataErasure,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
    @Inject(CaseReadsService) private readonly reads: CaseReadsService,
    @Inject(RESOURCE_CATALOG) private readonly catalog: ResourceCatalog,
  ) {}

  @Post(':resource/:id/personal-data/erasure')
  @HttpCode(200)
  async erase(
    @Param('resource') resource: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ErasureRecord> {
    const binding = this.catalog.resource(resource);
    if (binding === undefined) throw new CaseNotFoundError('resource', resource.slice(0, 64));
    if (!isUuid(id)) throw new CaseNotFoundError(binding.caseType, id.slice(0, 64));
    await this.reads.load(binding.caseType, id, actor);
    if (!hasRole(actor, 'privacy_officer')) {
      throw new ForbiddenError('Only a privacy officer erases personal data');
    }
    const { reason } = await validatePayload(ReasonDto, body);
    // Refused with 403 where this deployment seals no personal data.
    const record = await this.erasure.erase({
      caseType: binding.caseType,
      caseId: id,
      actor,
      reason: reason as string,
      correlationId: correlationOf(request),
    });
    // Read-your-writes, as for every command: this node's audit reads after the answer show the record.
    answerEventPosition(this.progress, record.position, reply);
    return record;
  }
}
