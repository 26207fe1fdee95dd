import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CaseNotFoundError, isUuid, type Actor } from '../../../../libs/kernel/index.js';
import { validatePayload } from '../../../../libs/command-schema/index.js';
import type { ReadModelProgress } from '../../../../libs/runtime/index.js';
import type { CaseView } from '../../../../libs/workflow-engine/index.js';
import { COMPLAINT, FOLLOW_UP, SERVICE_EVENT } from '../../../../workflows/follow-up/case-types.js';
import { OpenComplaintRequestDto } from '../../../../workflows/follow-up/commands.js';
import {
  complaintFromFollowUp,
  complaintIdFor,
  type ComplaintRequest,
} from '../../../../workflows/follow-up/complaint-prefill.js';
import type { FollowUpContext } from '../../../../workflows/follow-up/follow-up-context.js';
import type { ServiceEventContext } from '../../../../workflows/service-event/service-event-context.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { AppConfig } from '../../../../libs/config/index.js';
import { CaseReadsService } from '../cases/case-reads.service.js';
import { openLinkedCase } from '../cases/linked-case-opening.js';
import { APP_CONFIG, READ_MODEL_PROGRESS } from '../engine/tokens.js';
import { correlationOf } from '../http/correlation-id.js';

const OPEN_COMPLAINT = 'open-complaint';

/**
 * An unhappy customer's complaint in one action: the complaint is opened prefilled from the follow-up and
 * its service event, then linked to the follow-up (`FollowUpComplaintOpened`). Both commands carry ids
 * derived from the follow-up, so a retry opens and links one complaint.
 */
@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('api/v1/follow-ups')
export class FollowUpComplaintController {
  constructor(
    @Inject(CommandBus) readonly commandBus: CommandBus,
    @Inject(CaseReadsService) readonly reads: CaseReadsService,
    @Inject(READ_MODEL_PROGRESS) readonly progress: ReadModelProgress,
    @Inject(APP_CONFIG) readonly config: AppConfig,
  ) {}

  @Post(':id/actions/open-complaint')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open a complaint prefilled from the follow-up and link it (customer service).' })
  @ApiBody({ type: OpenComplaintRequestDto })
  async openComplaint(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    if (!isUuid(id)) throw new CaseNotFoundError(FOLLOW_UP, id.slice(0, 64));
    const complaintRequest = (await validatePayload(
      OpenComplaintRequestDto,
      body,
    )) as unknown as ComplaintRequest;
    const followUp = await this.reads.view(FOLLOW_UP, id, actor);
    const complaintId = complaintIdFor(id);
    const context = followUp.data as unknown as FollowUpContext;
    return openLinkedCase(
      this,
      {
        from: {
          caseType: FOLLOW_UP,
          caseId: id,
          view: followUp,
          action: OPEN_COMPLAINT,
          linkField: 'complaintId',
          linkCommandId: complaintIdFor(complaintId),
        },
        to: {
          caseType: COMPLAINT,
          caseId: complaintId,
          resource: 'complaints',
          data: async () => {
            const serviceEvent = await this.reads.view(SERVICE_EVENT, context.serviceEventId, actor);
            return complaintFromFollowUp(
              context,
              serviceEvent.data as unknown as ServiceEventContext,
              complaintRequest,
            );
          },
        },
        actor,
        correlationId: correlationOf(request),
      },
      reply,
    );
  }
}
