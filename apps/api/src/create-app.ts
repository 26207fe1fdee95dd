import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../../libs/kernel/index.js';
import type { EngineRuntime } from '../../../libs/runtime/engine-runtime.js';
import { openRuntime } from './engine/open-runtime.js';
import { AppModule } from './app.module.js';
import { defaultResourceBindings } from './cases/resource-bindings.js';
import { ResourceCatalog } from './cases/resource-catalog.js';
import type { AppConfig } from './config/app-config.js';
import { globalValidationPipe } from './http/validation.js';
import { PinoNestLogger } from './logging.js';
import { extraControllers } from './modules.js';
import { installOpenApi } from './openapi.js';
import { EngineMetrics } from './operations/metrics.js';

export interface CreatedApp {
  readonly app: NestFastifyApplication;
  readonly runtime: EngineRuntime;
}

export interface CreateAppOptions {
  readonly clock?: Clock;
  readonly logger: Logger;
}

/**
 * Builds the engine runtime (store open and checked, read models caught up, background work started) and
 * the Nest application on Fastify around it. main.ts and the end-to-end tests both use this.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions): Promise<CreatedApp> {
  const logger = options.logger;
  const runtime = await openRuntime(config, logger, options.clock ?? systemClock);
  if (config.inProcessWorker) {
    runtime.runner.start();
    runtime.sla.startSweeper(runtime, logger);
  }

  const metrics = new EngineMetrics();
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      runtime,
      catalog: new ResourceCatalog(defaultResourceBindings()),
      metrics,
      controllers: extraControllers,
    }),
    adapter,
    { logger: new PinoNestLogger(logger), bufferLogs: false },
  );
  app.useGlobalPipes(globalValidationPipe());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  app.enableCors({ origin: config.corsOrigins.length > 0 ? [...config.corsOrigins] : false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply, payload) => {
    void reply.header('X-Request-Id', request.id);
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.header('Referrer-Policy', 'no-referrer');
    void reply.header('X-Frame-Options', 'DENY');
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  installOpenApi(app, new ResourceCatalog(defaultResourceBindings()), runtime.registry);
  return { app, runtime };
}
