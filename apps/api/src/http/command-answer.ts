import type { FastifyReply } from 'fastify';
import type { ReadModelProgress } from '../../../../libs/runtime/index.js';

/**
 * A write's answer names its event's position (`X-Event-Position`, to send back as `X-Min-Position` to any
 * node) and is sent without waiting for the read models. Read-your-writes is kept by the reads that
 * follow: this node's reads wait until its read models have applied the position
 * (ReadAfterPositionInterceptor).
 */
export function answerEventPosition(
  progress: ReadModelProgress,
  position: number,
  reply: FastifyReply,
): void {
  progress.noteAnswered(position);
  reply.header('X-Event-Position', String(position));
}

/**
 * For an answer that shows what only the read models hold (a linked case's row, a repeat rebuilt as of
 * its revision): waits, up to `waitMs` (PROJECTION_WAIT_MS), for them to
 * apply the position, and marks an answer they had not caught up with (`X-Read-Models-Stale`).
 */
export async function awaitReadModels(
  progress: ReadModelProgress,
  waitMs: number,
  position: number,
  reply: FastifyReply,
): Promise<void> {
  const caughtUp = await progress.waitFor(position, waitMs);
  if (!caughtUp) reply.header('X-Read-Models-Stale', 'true');
  answerEventPosition(progress, position, reply);
}
