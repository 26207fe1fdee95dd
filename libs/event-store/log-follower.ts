import { WakeablePause } from '../kernel/index.js';
import type { ReadAllOptions, ReadAllPage, SubscribeOptions, Subscription } from './event-store.port.js';

/** What a store lends a subscription: its reads, whether it is closed, and the wake-ups of its commits. */
export interface FollowedLog {
  readAll(options: ReadAllOptions): Promise<ReadAllPage>;
  readonly closed: boolean;
  /** Called by the store after a commit (its own, or one it was told of); the follower then reads again. */
  readonly wakers: Set<() => void>;
  /** How long a caught-up follower waits for a wake-up before it reads again anyway (ms). */
  readonly pollIntervalMs: number;
}

/**
 * A subscription to the global log for stores read by position: pages until caught up, then waits for a
 * wake-up or the poll interval, so events written by another process are found too. Events are handed
 * over one at a time, in order; the next waits until the handler settles.
 */
export function followLog(log: FollowedLog, options: SubscribeOptions): Subscription {
  let after = options.after ?? 0;
  let active = true;
  const pause = new WakeablePause();
  const waker = (): void => pause.wake();
  log.wakers.add(waker);
  const loop = (async () => {
    try {
      while (active && !log.closed) {
        const page = await log.readAll({ after, maxCount: 500, following: true });
        for (const event of page.events) {
          if (!active) return;
          await options.onEvent(event);
          after = event.position;
        }
        if (page.events.length > 0) continue;
        await pause.for(log.pollIntervalMs);
      }
    } catch (error) {
      if (active && !log.closed) options.onError?.(error);
    }
  })();
  return {
    unsubscribe: async () => {
      active = false;
      log.wakers.delete(waker);
      pause.wake();
      await loop;
    },
  };
}
