import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DealerDirectory, RateLimiter, TokenVerifier } from '../../../libs/auth/index.js';
import type { Runtime, RuntimePorts } from '../../../libs/runtime/index.js';
import { AuthGuard } from './auth/auth.guard.js';
import { CaseReadsService } from './cases/case-reads.service.js';
import { CasesController } from './cases/cases.controller.js';
import { RESOURCE_CATALOG, type ResourceCatalog } from './cases/resource-catalog.js';
import { WorkQueueController } from './cases/work-queue.controller.js';
import { WorkflowCommandHandler } from './cases/workflow-command.handler.js';
import type { AppConfig } from '../../../libs/config/index.js';
import {
  CASE_ATTACHMENTS,
  APP_CONFIG,
  AUDIT_READS,
  CASE_COMMANDS,
  CASE_LISTS,
  CASE_READS,
  CLOCK,
  CUSTOMER_RECORDS,
  DEADLINE_QUERIES,
  REPORT_READS,
  DELEGATIONS,
  LOG_HEAD,
  PERSONAL_DATA_DISCLOSURE,
  PERSONAL_DATA_ERASURE,
  READ_MODEL_PROGRESS,
  RUNTIME_SHUTDOWN,
  STORE_HEALTH,
  WORKFLOW_REGISTRY,
} from './engine/tokens.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { ReadAfterPositionInterceptor } from './http/read-after-position.interceptor.js';
import { DevTokenController } from './operations/dev-token.controller.js';
import { HealthController } from './operations/health.controller.js';
import { EngineMetrics } from './operations/metrics.js';

export interface AppModuleOptions {
  readonly config: AppConfig;
  /** Built before Nest starts (see create-app.ts), so the store is open and checked before we listen. */
  readonly runtime: Runtime;
  readonly catalog: ResourceCatalog;
  readonly metrics: EngineMetrics;
  /** Extra controllers of bounded contexts that plug in beside the generic case routes. */
  readonly controllers?: DynamicModule['controllers'];
  readonly providers?: DynamicModule['providers'];
}

@Module({})
export class AppModule implements OnApplicationShutdown {
  constructor(@Inject(RUNTIME_SHUTDOWN) private readonly shutdown: { close(): Promise<void> }) {}

  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        // Static routes first in the list for readability; Fastify's router prefers them anyway.
        WorkQueueController,
        HealthController,
        DevTokenController,
        ...(options.controllers ?? []),
        CasesController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: RUNTIME_SHUTDOWN, useValue: { close: () => options.runtime.close() } },
        ...portProviders(options.runtime.ports),
        { provide: RESOURCE_CATALOG, useValue: options.catalog },
        { provide: EngineMetrics, useValue: options.metrics },
        {
          provide: TokenVerifier,
          useValue: new TokenVerifier({
            ...(config.auth.secret !== undefined ? { secret: config.auth.secret } : {}),
            ...(config.auth.jwksUrl !== undefined ? { jwksUrl: config.auth.jwksUrl } : {}),
            ...(config.auth.issuer !== undefined ? { issuer: config.auth.issuer } : {}),
            ...(config.auth.audience !== undefined ? { audience: config.auth.audience } : {}),
            clockToleranceSeconds: config.auth.clockToleranceSeconds,
            maxLifetimeSeconds: config.auth.maxTokenLifetimeSeconds,
          }),
        },
        { provide: RateLimiter, useValue: new RateLimiter(config.rateLimitPerMinute) },
        { provide: DealerDirectory, useValue: config.dealerDirectory },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: ReadAfterPositionInterceptor },
        WorkflowCommandHandler,
        CaseReadsService,
        ...(options.providers ?? []),
      ],
    };
  }

  /** After the HTTP server stopped taking requests: finish in-flight appends, then close the store. */
  async onApplicationShutdown(): Promise<void> {
    await this.shutdown.close();
  }
}

/** The token of each port: a port without one fails to compile. */
const PORT_TOKENS: { readonly [Port in keyof RuntimePorts]: symbol } = {
  commands: CASE_COMMANDS,
  progress: READ_MODEL_PROGRESS,
  cases: CASE_READS,
  caseLists: CASE_LISTS,
  disclosure: PERSONAL_DATA_DISCLOSURE,
  customers: CUSTOMER_RECORDS,
  deadlines: DEADLINE_QUERIES,
  reports: REPORT_READS,
  audit: AUDIT_READS,
  logHead: LOG_HEAD,
  health: STORE_HEALTH,
  erasure: PERSONAL_DATA_ERASURE,
  attachments: CASE_ATTACHMENTS,
  delegations: DELEGATIONS,
  clock: CLOCK,
  registry: WORKFLOW_REGISTRY,
};

/** Each port of the runtime as a provider of its own, so a controller injects only what it uses. */
function portProviders(ports: RuntimePorts): NonNullable<DynamicModule['providers']> {
  return (Object.keys(PORT_TOKENS) as (keyof RuntimePorts)[]).map((port) => ({
    provide: PORT_TOKENS[port],
    useValue: ports[port],
  }));
}
