import type { FastifyInstance } from 'fastify';

/**
 * Reads the media types attachments may have (ATTACHMENT_MEDIA_TYPES) as raw bytes, at most `maxBytes`
 * (413 while reading, for a chunked body the request gate could not measure). Only the attachment upload
 * route takes them (the request gate answers 415 for them elsewhere, before the body is read).
 */
export function installAttachmentBodyParser(
  fastify: FastifyInstance,
  mediaTypes: readonly string[],
  maxBytes: number,
): void {
  if (mediaTypes.length === 0) return;
  fastify.addContentTypeParser(
    [...mediaTypes],
    { parseAs: 'buffer', bodyLimit: maxBytes },
    (_request, body: string | Buffer, done) => done(null, Buffer.isBuffer(body) ? body : Buffer.from(body)),
  );
}
