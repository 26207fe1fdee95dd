import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import { ValidationFailedError } from '../../../../libs/kernel/index.js';
import type { ReadModelProgress } from '../../../../libs/runtime/index.js';
import type { AppConfig } from '../../../../libs/config/index.js';
import { APP_CONFIG, READ_MODEL_PROGRESS } from '../engine/tokens.js';

const POSITION = /^\d{1,15}$/;

/**
 * Read-your-writes on any node: a read sent with `X-Min-Position: n` (the `X-Event-Position` a command
 * answered, possibly on another node) waits up to PROJECTION_WAIT_MS until this node's read models have
 * applied event n, and says `X-Read-Models-Stale: true` when they had not by then. It runs after
 * authentication, so an anonymous caller cannot make the server wait.
 */
@Injectable()
export class ReadAfterPositionInterceptor implements NestInterceptor {
  constructor(
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const raw = request.headers['x-min-position'];
    if (raw === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) return next.handle();
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || !POSITION.test(value)) {
      throw new ValidationFailedError([
        { field: 'X-Min-Position', reason: 'must be an event position: a whole number of up to 15 digits' },
      ]);
    }
    const reply = http.getResponse<FastifyReply>();
    return from(this.progress.waitFor(Number(value), this.config.projectionWaitMs)).pipe(
      switchMap((caughtUp) => {
        if (!caughtUp) void reply.header('X-Read-Models-Stale', 'true');
        return next.handle();
      }),
    );
  }
}
