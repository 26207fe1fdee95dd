import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type {
  DeadLetter,
  WebhookOutbox,
  WebhookSubscriptionView,
} from '../../../../libs/integrations/index.js';
import {
  BusinessRuleViolationError,
  CaseNotFoundError,
  ForbiddenError,
  ValidationFailedError,
  hasRole,
  isUuid,
  type Actor,
  type Clock,
} from '../../../../libs/kernel/index.js';
import type { LogHead } from '../../../../libs/runtime/index.js';
import type { WorkflowRegistry } from '../../../../libs/workflow-engine/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { AppConfig } from '../../../../libs/config/index.js';
import { APP_CONFIG, CLOCK, LOG_HEAD, WEBHOOK_OUTBOX, WORKFLOW_REGISTRY } from '../engine/tokens.js';
import { validatePayload } from '../../../../libs/command-schema/index.js';
import { CreateSubscriptionDto, ReplayDto } from './subscription.dto.js';

/**
 * Webhook subscriptions of other systems (API.md "Integrations"). Only a national `integration_admin`
 * manages them: a subscription receives events of every dealer, so a token scoped to one dealer or
 * region would widen its own scope through one. Secrets go in and never come out.
 */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('api/v1/subscriptions')
export class SubscriptionsController {
  constructor(
    @Inject(WEBHOOK_OUTBOX) private readonly outbox: WebhookOutbox,
    @Inject(WORKFLOW_REGISTRY) private readonly registry: WorkflowRegistry,
    @Inject(LOG_HEAD) private readonly log: LogHead,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Subscribe a URL to events (integration_admin)' })
  @ApiBody({ type: CreateSubscriptionDto })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<WebhookSubscriptionView> {
    this.authorize(actor);
    const input = (await validatePayload(CreateSubscriptionDto, body)) as unknown as CreateSubscriptionDto;
    this.checkUrl(input.url);
    const known = this.registry.caseTypes();
    const unknown = (input.caseTypes ?? []).filter((caseType) => !known.includes(caseType));
    if (unknown.length > 0) {
      throw new ValidationFailedError(
        [{ field: 'caseTypes', reason: `must be among ${known.join(', ')}; unknown: ${unknown.join(', ')}` }],
        'Unknown case type',
      );
    }
    return this.outbox.subscriptions.create({
      id: randomUUID(),
      url: input.url,
      caseTypes: [...new Set(input.caseTypes ?? [])],
      eventTypes: [...new Set(input.eventTypes ?? [])],
      personalData: input.personalData ?? false,
      secret: input.secret,
      createdAt: this.clock.now().toISOString(),
      createdBy: actor.id,
      startPosition: await this.log.headPosition(),
    });
  }

  @Get()
  @ApiOperation({ summary: 'Subscriptions, revoked ones included (integration_admin)' })
  async list(@CurrentActor() actor: Actor): Promise<{ items: WebhookSubscriptionView[] }> {
    this.authorize(actor);
    return { items: await this.outbox.subscriptions.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscription with its delivery counts (integration_admin)' })
  async get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<WebhookSubscriptionView> {
    this.authorize(actor);
    return this.find(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke: the secret is destroyed and nothing more is sent (integration_admin)' })
  async revoke(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<void> {
    this.authorize(actor);
    await this.find(id);
    await this.outbox.subscriptions.revoke(id, this.clock.now().toISOString(), actor.id);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deliver again every wanted event from a log position on (integration_admin)' })
  @ApiBody({ type: ReplayDto })
  async replay(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<{ subscriptionId: string; fromPosition: number; queued: number }> {
    this.authorize(actor);
    const subscription = await this.find(id);
    const { fromPosition } = (await validatePayload(ReplayDto, body)) as unknown as ReplayDto;
    if (subscription.revokedAt !== null) {
      throw new BusinessRuleViolationError(
        [{ field: 'id', reason: 'the subscription was revoked' }],
        'A revoked subscription receives nothing',
      );
    }
    const queued = await this.outbox.replay(id, fromPosition);
    return { subscriptionId: id, fromPosition, queued };
  }

  @Get(':id/dead-letters')
  @ApiOperation({ summary: 'Deliveries that failed every attempt (integration_admin)' })
  async deadLetters(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<{ items: DeadLetter[] }> {
    this.authorize(actor);
    await this.find(id);
    return { items: await this.outbox.deadLetters(id) };
  }

  private authorize(actor: Actor): void {
    if (!hasRole(actor, 'integration_admin')) {
      throw new ForbiddenError('Only an integration administrator manages subscriptions');
    }
    if (actor.dealerId !== undefined || actor.regionId !== undefined) {
      throw new ForbiddenError(
        'Subscriptions receive every dealer’s events: only a national integration administrator manages them',
      );
    }
  }

  private async find(id: string): Promise<WebhookSubscriptionView> {
    const subscription = isUuid(id) ? await this.outbox.subscriptions.get(id) : undefined;
    if (subscription === undefined) throw new CaseNotFoundError('subscription', id.slice(0, 64));
    return subscription;
  }

  private checkUrl(raw: string): void {
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    const schemes = this.config.webhooks.allowHttp ? ['https:', 'http:'] : ['https:'];
    if (url === undefined || !schemes.includes(url.protocol) || url.username !== '' || url.password !== '') {
      throw new ValidationFailedError(
        [{ field: 'url', reason: `must be an absolute ${schemes.join(' or ')} URL without credentials` }],
        'The subscription URL is not usable',
      );
    }
  }
}
