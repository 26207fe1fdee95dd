import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';

/**
 * Serves the built web console at `/`. Files are routed one by one (`wildcard: false`), so every other
 * path still reaches the API's own 404 problem; the console routes with the URL fragment and needs no
 * fallback. Hashed bundles are immutable; index.html is revalidated so a deploy shows at once.
 */
export async function serveConsole(
  app: NestFastifyApplication,
  directory: string,
  logger: Logger,
): Promise<boolean> {
  const root = resolve(directory);
  if (!existsSync(join(root, 'index.html'))) {
    logger.warn({ directory: root }, 'web console not built (npm run build builds it); serving the API only');
    return false;
  }
  await app.register((await import('@fastify/static')).default, {
    root,
    prefix: '/',
    wildcard: false,
    decorateReply: false,
    cacheControl: false,
    index: ['index.html'],
    setHeaders: (reply, path) => {
      void reply.header(
        'Cache-Control',
        path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return true;
}
