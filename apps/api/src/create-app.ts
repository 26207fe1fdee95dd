import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../libs/config/index.js';
import type { Clock, WorkflowModule } from '../../../libs/kernel/index.js';
import { openRuntime, type EngineRuntime } from '../../../libs/runtime/index.js';
import { loadWorkflowReferenceData, registeredWorkflows } from '../../../workflows/registered-workflows.js';
import { AppModule } from './app.module.js';
import { resourceBindingsOf } from './cases/resource-bindings.js';
import { ResourceCatalog } from './cases/resource-catalog.js';
import { httpServerOptions } from './http/server-limits.js';
import { globalValidationPipe } from './http/validation.js';
import { installJsonBodyParser } from './http/json-body.js';
import { installCsvBodyParser } from './http/csv-body.js';
import { installAttachmentBodyParser } from './http/attachment-body.js';
import { SERVICE_EVENT_IMPORT_LIMIT } from './follow-ups/service-event-import.js';
import { toProblem } from './http/problem-details.filter.js';
import { installRequestGate, routeKeyOf } from './http/request-gate.js';
import { requestGateRules } from './request-gate-rules.js';
import { PinoNestLogger } from './logging.js';
import { extraControllers } from './modules.js';
import { installOpenApi } from './openapi.js';
import { serveConsole } from './console/console-assets.js';
import { EngineMetrics } from './operations/metrics.js';
import { WEBHOOK_OUTBOX } from './engine/tokens.js';
import { WARRANTY_POLICIES } from './warranty/warranty-policies.js';

export interface CreatedApp {
  readonly app: NestFastifyApplication;
  readonly runtime: EngineRuntime;
  /** Whether the built web console is served at `/`. */
  readonly consoleServed: boolean;
}

export interface CreateAppOptions {
  readonly clock?: Clock;
  readonly logger: Logger;
  /**
   * The workflows to serve; by default the registered ones (workflows/registered-workflows.ts), built
   * from the reference data the configured environment names.
   */
  readonly workflows?: readonly WorkflowModule[];
}

/**
 * Builds the engine runtime (store open and checked, read models caught up, background work started) and
 * the Nest application on Fastify around it. main.ts and the end-to-end tests both use this.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions): Promise<CreatedApp> {
  const logger = options.logger;
  const reference = loadWorkflowReferenceData(config.environment);
  const runtime = await openRuntime(config, {
    logger,
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    roles: {
      api: true,
      projector: config.inProcessWorker ? 'required' : 'catch-up-if-free',
      command: 'api server',
    },
    workflows: options.workflows ?? registeredWorkflows(reference),
  });
  if (config.inProcessWorker) await runtime.startBackgroundWork();

  const metrics = new EngineMetrics();
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    ...httpServerOptions(config.http),
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    // One log line per request (in onResponse below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // Router-level refusals (over-long path parameters, undecodable URLs) as problem+json too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      void reply
        .code(status)
        .type('application/problem+json; charset=utf-8')
        .send({
          ...toProblem({ statusCode: status, message: error.message }),
          instance: request.url.slice(0, 256),
        });
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      runtime,
      catalog: new ResourceCatalog(resourceBindingsOf(runtime.workflows)),
      metrics,
      controllers: extraControllers,
      providers: [
        { provide: WEBHOOK_OUTBOX, useValue: runtime.integrations },
        { provide: WARRANTY_POLICIES, useValue: reference.warrantyPolicies },
      ],
    }),
    adapter,
    // Bodies are parsed by installJsonBodyParser below (JSON media types only, nesting checked first).
    { logger: new PinoNestLogger(logger), bufferLogs: false, bodyParser: false },
  );
  app.useGlobalPipes(globalValidationPipe());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  app.enableCors({ origin: config.corsOrigins.length > 0 ? [...config.corsOrigins] : false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.server.maxConnections = config.http.maxConnections;
  const gate = requestGateRules(config);
  installJsonBodyParser(fastify, config.bodyLimitBytes, (request) =>
    gate.bodyLimits.get(routeKeyOf(request)),
  );
  installCsvBodyParser(fastify, SERVICE_EVENT_IMPORT_LIMIT);
  installAttachmentBodyParser(fastify, config.attachments.mediaTypes, config.attachments.maxBytes);
  installRequestGate(fastify, gate);
  fastify.addHook('onSend', async (request, reply, payload) => {
    void reply.header('X-Request-Id', request.id);
    // Errors raised by Fastify's router before Nest sees the request (e.g. 414 URI Too Long) get the
    // same problem+json shape as every other error.
    const type = String(reply.getHeader('content-type') ?? '');
    if (
      reply.statusCode >= 400 &&
      !type.includes('application/problem+json') &&
      !request.url.startsWith('/docs')
    ) {
      const body = toProblem({ statusCode: reply.statusCode, message: frameworkMessage(payload) });
      void reply.header('content-type', 'application/problem+json; charset=utf-8');
      return JSON.stringify({ ...body, status: reply.statusCode, instance: request.url.slice(0, 256) });
    }
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.header('Referrer-Policy', 'no-referrer');
    void reply.header('X-Frame-Options', 'DENY');
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    request.log.info(
      {
        method: request.method,
        url: request.url.slice(0, 256),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    metrics.httpRequests.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  installOpenApi(app, new ResourceCatalog(resourceBindingsOf(runtime.workflows)), runtime.registry);
  const consoleServed = config.consoleDir !== null && (await serveConsole(app, config.consoleDir, logger));
  return { app, runtime, consoleServed };
}

function frameworkMessage(payload: unknown): string {
  try {
    const parsed = JSON.parse(String(payload)) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : 'Request refused';
  } catch {
    return 'Request refused';
  }
}
