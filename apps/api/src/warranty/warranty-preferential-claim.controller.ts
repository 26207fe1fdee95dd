import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CaseNotFoundError, isUuid, type Actor } from '../../../../libs/kernel/index.js';
import { validatePayload } from '../../../../libs/command-schema/index.js';
import type { ReadModelProgress } from '../../../../libs/runtime/index.js';
import type { CaseView } from '../../../../libs/workflow-engine/index.js';
import { OpenPreferentialClaimRequestDto } from '../../../../workflows/warranty-claim/commands.js';
import {
  OPEN_PREFERENTIAL_CLAIM,
  PREFERENTIAL_CLAIM,
  WARRANTY_CLAIM,
  preferentialClaimFromWarrantyClaim,
  preferentialClaimIdFor,
  type PreferentialClaimRequest,
} from '../../../../workflows/warranty-claim/preferential-prefill.js';
import type { WarrantyClaimContext } from '../../../../workflows/warranty-claim/warranty-claim-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { AppConfig } from '../../../../libs/config/index.js';
import { CaseReadsService } from '../cases/case-reads.service.js';
import { openLinkedCase } from '../cases/linked-case-opening.js';
import { APP_CONFIG, READ_MODEL_PROGRESS } from '../engine/tokens.js';
import { correlationOf } from '../http/correlation-id.js';

/**
 * A not-eligible warranty claim's preferential claim in one action (v4): the preferential claim is opened
 * prefilled from the warranty claim, then linked to it (`WarrantyClaimPreferentialClaimOpened`), the way a
 * follow-up opens its complaint (openLinkedCase): both commands carry ids derived from the warranty claim,
 * so a retry opens and links one preferential claim.
 */
@ApiTags('warranty-claims')
@ApiBearerAuth()
@Controller('api/v1/warranty-claims')
export class WarrantyPreferentialClaimController {
  constructor(
    @Inject(CommandBus) readonly commandBus: CommandBus,
    @Inject(CaseReadsService) readonly reads: CaseReadsService,
    @Inject(READ_MODEL_PROGRESS) readonly progress: ReadModelProgress,
    @Inject(APP_CONFIG) readonly config: AppConfig,
  ) {}

  @Post(':id/actions/open-preferential-claim')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Open a preferential claim prefilled from a not-eligible warranty claim whose customer is a preferential candidate, and link it (service director).',
  })
  @ApiBody({ type: OpenPreferentialClaimRequestDto })
  async openPreferentialClaim(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    if (!isUuid(id)) throw new CaseNotFoundError(WARRANTY_CLAIM, id.slice(0, 64));
    const asked = (await validatePayload(
      OpenPreferentialClaimRequestDto,
      body,
    )) as unknown as PreferentialClaimRequest;
    const claim = await this.reads.view(WARRANTY_CLAIM, id, actor);
    const preferentialClaimId = preferentialClaimIdFor(id);
    return openLinkedCase(
      this,
      {
        from: {
          caseType: WARRANTY_CLAIM,
          caseId: id,
          view: claim,
          action: OPEN_PREFERENTIAL_CLAIM,
          linkField: 'preferentialClaimId',
          linkCommandId: preferentialClaimIdFor(preferentialClaimId),
        },
        to: {
          caseType: PREFERENTIAL_CLAIM,
          caseId: preferentialClaimId,
          resource: 'preferential-claims',
          data: () =>
            preferentialClaimFromWarrantyClaim(claim.data as unknown as WarrantyClaimContext, asked),
        },
        actor,
        correlationId: correlationOf(request),
      },
      reply,
    );
  }
}
