import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReadModelProgress } from '../../../../libs/runtime/index.js';
import { InvalidTokenError } from '../../../../libs/auth/index.js';
import { validatePayload } from '../../../../libs/command-schema/index.js';
import { webhookSignatureMatches, type WebhookOutbox } from '../../../../libs/integrations/index.js';
import {
  CaseNotFoundError,
  IdempotencyKeyReusedError,
  isUuid,
  uuidFromName,
  type Actor,
  type Clock,
} from '../../../../libs/kernel/index.js';
import { stateName, type CommandOutcome } from '../../../../libs/workflow-engine/index.js';
import { FOLLOW_UP } from '../../../../workflows/follow-up/case-types.js';
import { ReminderReceiptRequestDto } from '../../../../workflows/follow-up/commands.js';
import { Public } from '../auth/public.decorator.js';
import { CaseReadsService } from '../cases/case-reads.service.js';
import { ExecuteCaseCommand } from '../cases/execute-case-command.js';
import { CLOCK, READ_MODEL_PROGRESS, WEBHOOK_OUTBOX } from '../engine/tokens.js';
import { rawJsonBody } from '../http/json-body.js';
import { answerEventPosition } from '../http/command-answer.js';

/** A signed request older or newer than this is refused: a captured one cannot be replayed later. */
const TOLERANCE_SECONDS = 5 * 60;

export interface ReminderReceiptAnswer {
  readonly followUpId: string;
  /** False when this receipt (same message id and status) was recorded before. */
  readonly recorded: boolean;
  readonly state: string;
}

/**
 * The SMS/e-mail gateway's answer about a reminder it was given through its subscription (sent, failed,
 * replied), recorded on the follow-up as an event of the system acting for that gateway. The gateway has no
 * bearer token: it signs the request as the engine signs its webhooks (Standard Webhooks headers, HMAC-SHA256
 * over id, timestamp and the raw body) with its subscription's secret, so only the receiver of the
 * reminders can answer them. Idempotent by (follow-up, message id, status): the command id is derived from
 * them, so a gateway retrying its callback records the answer once.
 */
@ApiTags('follow-ups')
@Controller('api/v1/follow-ups')
export class ReminderReceiptsController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(CaseReadsService) private readonly reads: CaseReadsService,
    @Inject(WEBHOOK_OUTBOX) private readonly outbox: WebhookOutbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
  ) {}

  @Public()
  @Post(':id/reminder-receipts')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The SMS/e-mail gateway reports a reminder sent, failed or replied (signed with its subscription’s secret, no bearer token).',
  })
  @ApiHeader({ name: 'webhook-id', required: true, description: 'Unique per callback' })
  @ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds, within 5 minutes' })
  @ApiHeader({
    name: 'webhook-signature',
    required: true,
    description: '`v1,` + base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{raw body}`',
  })
  @ApiBody({ type: ReminderReceiptRequestDto })
  async receive(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<ReminderReceiptAnswer> {
    if (!isUuid(id)) throw new CaseNotFoundError(FOLLOW_UP, id.slice(0, 64));
    const receipt = (await validatePayload(
      ReminderReceiptRequestDto,
      body,
    )) as unknown as ReminderReceiptRequestDto;
    const gateway = await this.verifiedGateway(receipt.subscriptionId, request);
    const { status, messageId, reason, reply } = receipt;
    const data = {
      messageId,
      ...(reason !== undefined ? { reason } : {}),
      ...(reply !== undefined ? { reply } : {}),
    };
    let recorded: boolean;
    try {
      const outcome: CommandOutcome = await this.commandBus.execute(
        new ExecuteCaseCommand({
          caseType: FOLLOW_UP,
          caseId: id,
          commandId: uuidFromName(JSON.stringify(['reminder-receipt', id, messageId, status])),
          action: `record-reminder-${status}`,
          data,
          actor: gateway,
          correlationId: String(request.headers['webhook-id']).slice(0, 128),
        }),
      );
      recorded = !outcome.duplicate;
      // Read-your-writes as for every command: this node's reads after this answer show the receipt.
      answerEventPosition(this.progress, outcome.position, response);
    } catch (error) {
      // The same message and status told again with other words: the first answer stands.
      if (!(error instanceof IdempotencyKeyReusedError)) throw error;
      recorded = false;
    }
    const followUp = await this.reads.load(FOLLOW_UP, id, gateway);
    return { followUpId: id, recorded, state: stateName(followUp.snapshot.value) };
  }

  /**
   * The system acting for the gateway whose subscription's secret signed the request; anything else is
   * refused with 401 before the follow-up is looked at.
   */
  private async verifiedGateway(subscriptionId: string, request: FastifyRequest): Promise<Actor> {
    const header = (name: string): string => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : '';
    };
    const [messageId, timestamp, signature] = [
      header('webhook-id'),
      header('webhook-timestamp'),
      header('webhook-signature'),
    ];
    const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    const now = this.clock.now().getTime() / 1000;
    if (messageId === '' || signature === '' || !(Math.abs(now - seconds) <= TOLERANCE_SECONDS))
      throw new InvalidTokenError(
        'a signed request is required (webhook-id, a recent webhook-timestamp, webhook-signature)',
      );
    const subscription = await this.outbox.subscriptions.get(subscriptionId);
    const secret = await this.outbox.subscriptions.secretOf(subscriptionId);
    const wantsFollowUps =
      subscription !== undefined &&
      (subscription.caseTypes.length === 0 || subscription.caseTypes.includes(FOLLOW_UP));
    if (
      secret === undefined ||
      !wantsFollowUps ||
      !webhookSignatureMatches(secret, messageId, seconds, rawJsonBody(request) ?? '', signature)
    )
      throw new InvalidTokenError('the signature does not verify with an active subscription for follow-ups');
    return { id: `gateway:${subscriptionId}`, name: 'SMS/e-mail gateway', roles: ['system'] };
  }
}
