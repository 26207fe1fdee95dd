import type { FastifyReply } from 'fastify';
import type { ReadModelProgress } from '../../../../libs/runtime/index.js';

/**
 * Read-your-writes for every command's answer: waits, up to `waitMs` (PROJECTION_WAIT_MS), for the read
 * models to apply the command's event; names its position (`X-Event-Position`, to send back as
 * `X-Min-Position`), and marks an answer the read models had not caught up with (`X-Read-Models-Stale`).
 */
export async function awaitReadModels(
  progress: ReadModelProgress,
  waitMs: number,
  position: number,
  reply: FastifyReply,
): Promise<void> {
  const caughtUp = await progress.waitFor(position, waitMs);
  if (!caughtUp) reply.header('X-Read-Models-Stale', 'true');
  reply.header('X-Event-Position', String(position));
}
