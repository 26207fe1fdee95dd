import type { FastifyInstance } from 'fastify';

/** The routes that take `text/csv` say so in the request gate's rules; every other route answers 415. */
export const CSV_MEDIA_TYPE = 'text/csv';

/**
 * Reads `text/csv` bodies as UTF-8 text, at most `bodyLimit` bytes (413 while reading). Only routes the
 * request gate lets take CSV ever reach it; the route decodes the rows itself.
 */
export function installCsvBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser(
    /^text\/csv(?:\s*;|$)/i,
    { parseAs: 'string', bodyLimit },
    (_request, body: string | Buffer, done) =>
      done(null, typeof body === 'string' ? body : body.toString('utf8')),
  );
}
