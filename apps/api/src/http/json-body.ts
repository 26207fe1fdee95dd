import type { FastifyInstance, FastifyRequest } from 'fastify';

/** JSON nested deeper than this is refused before it is parsed (API.md: "Bad input"). */
export const MAX_JSON_DEPTH = 32;

/** The media types read as JSON: `application/json` and structured-syntax `application/*+json`. */
export const JSON_MEDIA_TYPE = /^application\/(?:[\w.!#$&^-]+\+)?json$/;

/** A body refused by the parser itself, before any transformation or validation. */
export class RefusedBodyError extends Error {
  constructor(
    readonly statusCode: 400 | 413,
    readonly kind: string,
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * Whether JSON text opens more than `limit` objects or arrays inside one another. One pass over the
 * characters, no allocation, so a hostile body costs a scan instead of a parse and a recursive
 * transformation (which overflowed the stack and answered 500). Exact for valid JSON; for invalid JSON
 * the parser refuses it anyway.
 */
export function nestingDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index += 1; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}

/** Each JSON request's body as received: a signed callback verifies these bytes, not a re-serialisation. */
const rawBodies = new WeakMap<FastifyRequest, string>();

/** The JSON body of the request exactly as it arrived (undefined when it had none). */
export function rawJsonBody(request: FastifyRequest): string | undefined {
  return rawBodies.get(request);
}

/**
 * The only body parser: JSON media types, at most `bodyLimit` bytes (413 while reading, before any
 * parse), nesting checked before Fastify's own parser (which refuses `__proto__` and `constructor`
 * poisoning). Every other media type has no parser, so it is never read as JSON; the request gate answers
 * 415 for it before the body is read.
 */
export function installJsonBodyParser(
  fastify: FastifyInstance,
  bodyLimit: number,
  routeBodyLimit: (request: FastifyRequest) => number | undefined,
): void {
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(
    // Fastify tests a RegExp against the whole header, parameters included (`…; charset=utf-8`).
    /^application\/(?:[\w.!#$&^-]+\+)?json(?:\s*;|$)/i,
    { parseAs: 'string', bodyLimit },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      // A chunked body has no Content-Length for the request gate to check: its route limit is checked here.
      const limit = routeBodyLimit(request);
      if (limit !== undefined && Buffer.byteLength(text) > limit) {
        done(
          new RefusedBodyError(
            413,
            'payload-too-large',
            `The request body is larger than ${limit} bytes`,
            `larger than ${limit} bytes`,
          ),
          undefined,
        );
        return;
      }
      if (nestingDepthExceeds(text, MAX_JSON_DEPTH)) {
        done(
          new RefusedBodyError(
            400,
            'too-deeply-nested',
            `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
            `nested deeper than ${MAX_JSON_DEPTH} levels`,
          ),
          undefined,
        );
        return;
      }
      rawBodies.set(request, text);
      parseJson(request, text, done);
    },
  );
}
