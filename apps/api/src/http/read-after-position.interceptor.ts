import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import { ValidationFailedError, type Actor } from '../../../../libs/kernel/index.js';
import type { ReadModelProgress } from '../../../../libs/runtime/index.js';
import type { AppConfig } from '../../../../libs/config/index.js';
import { APP_CONFIG, READ_MODEL_PROGRESS } from '../engine/tokens.js';

const POSITION = /^\d{1,15}$/;

/**
 * Read-your-writes. Writes are answered without waiting for the read models; reads wait instead, up to
 * PROJECTION_WAIT_MS, until this node's read models have applied the newest of:
 * - `X-Min-Position: n`, the `X-Event-Position` a write answered, possibly on another node;
 * - for an authenticated caller, every write this node has answered so far, whoever sent it, so a list
 *   read after acting shows the change without any header.
 * A read whose wait ran out is answered anyway, with `X-Read-Models-Stale: true`. It runs after
 * authentication, so an anonymous caller cannot make the server wait for its writes, and a health probe
 * never waits.
 */
@Injectable()
export class ReadAfterPositionInterceptor implements NestInterceptor {
  constructor(
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { actor?: Actor }>();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next.handle();
    const raw = request.headers['x-min-position'];
    let asked = 0;
    if (raw !== undefined) {
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (value === undefined || !POSITION.test(value)) {
        throw new ValidationFailedError([
          { field: 'X-Min-Position', reason: 'must be an event position: a whole number of up to 15 digits' },
        ]);
      }
      asked = Number(value);
    }
    const position = Math.max(asked, request.actor !== undefined ? this.progress.answered : 0);
    if (position <= this.progress.position) return next.handle();
    const reply = http.getResponse<FastifyReply>();
    return from(this.progress.waitFor(position, this.config.projectionWaitMs)).pipe(
      switchMap((caughtUp) => {
        if (!caughtUp) void reply.header('X-Read-Models-Stale', 'true');
        return next.handle();
      }),
    );
  }
}
