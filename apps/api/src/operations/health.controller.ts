import { basename } from 'node:path';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { DeadlineQueries, StoreHealth } from '../../../../libs/runtime/index.js';
import { Public } from '../auth/public.decorator.js';
import type { AppConfig } from '../../../../libs/config/index.js';
import { APP_CONFIG, DEADLINE_QUERIES, STORE_HEALTH, WEBHOOK_OUTBOX } from '../engine/tokens.js';
import { requireMetricsToken } from './metrics-access.js';
import type { WebhookOutbox } from '../../../../libs/integrations/index.js';
import { EngineMetrics } from './metrics.js';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(STORE_HEALTH) private readonly store: StoreHealth,
    @Inject(DEADLINE_QUERIES) private readonly deadlines: DeadlineQueries,
    @Inject(EngineMetrics) private readonly metrics: EngineMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WEBHOOK_OUTBOX) private readonly webhooks: WebhookOutbox,
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Liveness and a round trip to the event store' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    try {
      await this.store.ping();
      const head = await this.store.headPosition();
      return {
        status: 'ok',
        store: this.store.storeName,
        headPosition: head,
        projectedPosition: Math.min(head, this.store.projectedPosition),
      };
    } catch (error) {
      void reply.status(503);
      return { status: 'unavailable', store: this.store.storeName, detail: (error as Error).message };
    }
  }

  @Public()
  @Get('metrics')
  @ApiOperation({
    summary: 'Prometheus metrics (bearer METRICS_TOKEN when set; off in production without it)',
  })
  async prometheus(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    requireMetricsToken(this.config, authorization);
    const head = await this.store.headPosition();
    for (const [outcome, count] of Object.entries(this.store.caseSnapshots)) {
      this.metrics.caseSnapshots.set({ outcome }, count);
    }
    this.metrics.projectionLag.set(Math.max(0, head - Math.min(head, this.store.projectedPosition)));
    for (const [status, count] of Object.entries(await this.deadlines.countsByStatus())) {
      this.metrics.deadlines.set({ status }, count);
    }
    const commits = this.store.commits();
    if (commits !== undefined) {
      if (commits.writer !== undefined)
        this.metrics.writerThread.set(commits.writer === 'writer thread' ? 1 : 0);
      this.metrics.commitGroups.set(commits.groups);
      this.metrics.committedAppends.set(commits.appends);
    }
    const checkpoints = this.store.walCheckpoints();
    this.metrics.walCheckpointThread.set(checkpoints?.inThread === true ? 1 : 0);
    for (const [path, wal] of checkpoints?.files ?? []) {
      this.metrics.walPages.set({ file: basename(path) }, wal.logPages);
      this.metrics.walUncopiedPages.set({ file: basename(path) }, wal.uncopiedPages);
      this.metrics.walHandovers.set({ file: basename(path) }, wal.handovers);
    }
    await this.webhookMetrics(head);
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }

  /**
   * Per subscription, read from where the outbox is kept (the delivering process may be another one: the
   * worker, or another node on PostgreSQL).
   */
  private async webhookMetrics(head: number): Promise<void> {
    const all = await this.webhooks.stats(head);
    this.metrics.webhookLag.reset();
    this.metrics.webhookFailures.reset();
    this.metrics.webhookDeliveries.reset();
    for (const stats of all) {
      const subscription = stats.subscriptionId;
      this.metrics.webhookLag.set({ subscription }, stats.lagEvents);
      this.metrics.webhookFailures.set({ subscription }, stats.failedAttempts);
      this.metrics.webhookDeliveries.set({ subscription, status: 'delivered' }, stats.delivered);
      this.metrics.webhookDeliveries.set({ subscription, status: 'pending' }, stats.pending);
      this.metrics.webhookDeliveries.set({ subscription, status: 'dead' }, stats.deadLettered);
    }
  }
}
