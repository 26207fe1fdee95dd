import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  DealerDirectory,
  InvalidTokenError,
  RateLimiter,
  TokenVerifier,
} from '../../../../libs/auth/index.js';
import type { Actor } from '../../../../libs/kernel/index.js';
import { IS_PUBLIC } from './public.decorator.js';

/** Deny by default: every route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(DealerDirectory) private readonly directory: DealerDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const header = request.headers.authorization;
    if (header === undefined) throw new InvalidTokenError('a bearer token is required');
    const match = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/.exec(header);
    if (match === null) throw new InvalidTokenError('the Authorization header must be "Bearer <JWT>"');
    // A dealer user's region is the directory's, whatever the token says (refused when it contradicts).
    request.actor = this.directory.scope(await this.verifier.verify(match[1]!));
    const verdict = this.limiter.take(request.actor.id, Date.now());
    if (!verdict.allowed) throw new TooManyRequestsError(verdict.retryAfterSeconds);
    return true;
  }
}

/** The caller used up their request budget (RATE_LIMIT_PER_MINUTE). */
export class TooManyRequestsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; retry in ${retryAfterSeconds} s`);
  }
}
