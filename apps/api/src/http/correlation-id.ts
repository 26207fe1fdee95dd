import type { FastifyRequest } from 'fastify';

/**
 * The correlation id a command records: the caller's `X-Correlation-Id`, or the request's own id, cut to
 * 128 characters so a caller cannot bloat every event it causes.
 */
export function correlationOf(request: FastifyRequest): string {
  return String(request.headers['x-correlation-id'] ?? request.id).slice(0, 128);
}
