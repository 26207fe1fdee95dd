import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { JSON_MEDIA_TYPE } from './json-body.js';
import { problem, type Problem } from './problem.js';

/** A route as the gate names it: method and Fastify route pattern, e.g. `POST /api/v1/dev/token`. */
export type RouteKey = `${string} /${string}`;

export interface RequestGateRules {
  /** Routes switched off by configuration, answered with this problem from the request line alone. */
  readonly disabledRoutes: ReadonlyMap<RouteKey, Problem>;
  /**
   * Media types a route accepts besides JSON (e.g. a future CSV import: `text/csv`); each needs its
   * parser registered too. Every other route takes JSON bodies only.
   */
  readonly extraMediaTypes: ReadonlyMap<RouteKey, readonly string[]>;
  /** Whether a matched route needs no bearer token (@Public()). */
  readonly isPublic: (request: FastifyRequest) => boolean;
  /** Routes that take far less than BODY_LIMIT_BYTES (e.g. the dev sign-in): a larger body is 413. */
  readonly bodyLimits: ReadonlyMap<RouteKey, number>;
}

export function routeKeyOf(request: FastifyRequest): RouteKey {
  return `${request.method} ${request.routeOptions.url ?? ''}` as RouteKey;
}

export function tooLarge(limit: number): Problem {
  return problem('payload-too-large', 'Content Too Large', 413, {
    detail: `The request body is larger than this route takes (${limit} bytes)`,
    errors: [{ field: 'body', reason: `larger than ${limit} bytes` }],
  });
}

/**
 * Refusals decided from the request line and headers, in `onRequest`: before the body is read, parsed,
 * transformed or validated, and before any token is verified. A switched-off route costs nothing however
 * large its body; a body without a bearer token for a route that needs one is 401, and a body of a media
 * type the route does not take is 415, neither read.
 */
export function installRequestGate(fastify: FastifyInstance, rules: RequestGateRules): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const key = routeKeyOf(request);
    const disabled = rules.disabledRoutes.get(key);
    if (disabled !== undefined) return refuse(request, reply, disabled);
    if (!carriesBody(request)) return undefined;
    // A body for a route that needs a token, sent without one: the AuthGuard would refuse it after the
    // body was read and parsed; refused here before either.
    if (
      request.routeOptions.url !== undefined &&
      !rules.isPublic(request) &&
      !BEARER.test(request.headers.authorization ?? '')
    )
      return refuse(
        request,
        reply,
        problem('unauthorized', 'Unauthorized', 401, { detail: 'a bearer token is required' }),
      );
    const limit = rules.bodyLimits.get(key);
    if (limit !== undefined && Number(request.headers['content-length'] ?? 0) > limit)
      return refuse(request, reply, tooLarge(limit));
    const mediaType = mediaTypeOf(request.headers['content-type']);
    if (JSON_MEDIA_TYPE.test(mediaType)) return undefined;
    if (rules.extraMediaTypes.get(key)?.includes(mediaType) === true) return undefined;
    const accepted = ['application/json', ...(rules.extraMediaTypes.get(key) ?? [])];
    return refuse(
      request,
      reply,
      problem('unsupported-media-type', 'Unsupported Media Type', 415, {
        detail: `Send the body as ${accepted.join(' or ')}`,
        errors: [
          {
            field: 'Content-Type',
            reason: `${mediaType === '' ? 'missing' : `'${mediaType.slice(0, 64)}' is not accepted`}; send ${accepted.join(' or ')}`,
          },
        ],
      }),
    );
  });
}

const BEARER = /^Bearer\s+\S+$/;

function carriesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** `Application/JSON; charset=utf-8` → `application/json`. */
function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

async function refuse(request: FastifyRequest, reply: FastifyReply, body: Problem): Promise<FastifyReply> {
  if (body.status === 401) void reply.header('WWW-Authenticate', 'Bearer');
  return reply
    .code(body.status)
    .type('application/problem+json; charset=utf-8')
    .send({ ...body, instance: request.url.slice(0, 256) });
}
