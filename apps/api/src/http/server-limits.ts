import type { HttpServerLimits } from '../../../../libs/config/index.js';

/**
 * Fastify's server options for the configured limits. Fastify's own defaults leave the request timeout
 * off (a client dripping a body holds its connection for ever) and Node checks header and request
 * timeouts only every 30 s; here the check runs at least every second, so a timeout is kept to within
 * about a second.
 */
export function httpServerOptions(limits: HttpServerLimits): {
  requestTimeout: number;
  connectionTimeout: number;
  keepAliveTimeout: number;
  maxRequestsPerSocket: number;
  http: { headersTimeout: number; connectionsCheckingInterval: number };
} {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
    },
  };
}
