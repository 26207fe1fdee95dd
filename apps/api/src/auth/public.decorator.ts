import { applyDecorators, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

export const IS_PUBLIC = 'aftersales:public';
const PUBLIC_ROUTE_CONFIG = 'aftersalesPublic';

/**
 * Routes that need no token: health, metrics, API docs, the dev sign-in. Marked for the AuthGuard and in
 * Fastify's route config, so the request gate knows them too before a body is read (methods only: a
 * class-level mark would not reach Fastify's route config).
 */
export const Public = (): MethodDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), RouteConfig({ [PUBLIC_ROUTE_CONFIG]: true }));

/** Whether the route a request matched is marked @Public(). */
export function isPublicRoute(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
  return config?.[PUBLIC_ROUTE_CONFIG] === true;
}
