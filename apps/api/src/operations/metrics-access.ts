import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidTokenError } from '../../../../libs/auth/index.js';
import type { AppConfig } from '../../../../libs/config/index.js';
import { problem, type Problem } from '../http/problem.js';

export const METRICS_ROUTES = ['GET /metrics', 'HEAD /metrics'] as const;

/** The answer while /metrics is off (production without METRICS_TOKEN), before anything is computed. */
export const METRICS_OFF: Problem = problem('not-found', 'Not Found', 404, {
  detail: 'Metrics are off: set METRICS_TOKEN (a bearer token for the scraper) or METRICS_PUBLIC=true',
});

/**
 * With METRICS_TOKEN set, /metrics (store-wide SLA counts, commit and WAL figures) answers only a request
 * that carries it as `Authorization: Bearer <token>`; the JWT of a user does not open it. Compared in
 * constant time over digests, so neither the token's content nor its length leaks through timing.
 */
export function requireMetricsToken(config: AppConfig, authorization: string | undefined): void {
  if (config.metrics.access !== 'token') return;
  const given = /^Bearer\s+(\S+)$/.exec(authorization ?? '')?.[1];
  if (given === undefined || !timingSafeEqual(digest(given), digest(config.metrics.token))) {
    throw new InvalidTokenError('/metrics needs the METRICS_TOKEN as a bearer token');
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
