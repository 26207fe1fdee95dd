import { describe, expect, it } from '@jest/globals';
import { WakeablePause } from './wakeable-pause.js';

/**
 * A pause that lasts its time, told from one that ends at once (< 1 s of a 10 s pause). Node sets a timer
 * from the event loop's cached time, which can be some milliseconds old when a test runs late in a busy
 * turn, so the lower bound leaves room for that.
 */
const PAUSE_MS = 200;
const AT_LEAST_MS = 150;

describe('the pause of a polling loop', () => {
  /** From before the pause is started (its timer is set when it starts) until it ends. */
  const elapsed = async (start: () => Promise<void>): Promise<number> => {
    const started = performance.now();
    await start();
    return performance.now() - started;
  };
  /** A pause already started: measured from now, for the upper bounds only. */
  const waited = async (pause: Promise<void>): Promise<number> => elapsed(() => pause);

  it('given nobody wakes it, then it lasts its time', async () => {
    expect(await elapsed(() => new WakeablePause().for(PAUSE_MS))).toBeGreaterThanOrEqual(AT_LEAST_MS);
  });

  it('given a wake while it waits, then it ends at once', async () => {
    const pause = new WakeablePause();
    const waiting = pause.for(10_000);
    pause.wake();
    expect(await waited(waiting)).toBeLessThan(1_000);
  });

  it('given a wake while nothing waits, then the next pause still lasts its time', async () => {
    const pause = new WakeablePause();
    pause.wake();
    expect(await elapsed(() => pause.for(PAUSE_MS))).toBeGreaterThanOrEqual(AT_LEAST_MS);
  });

  describe('given a loop that keeps wakes (it pauses right after finding nothing)', () => {
    it('given a wake while nothing waits, then the next pause ends at once, and the one after lasts its time', async () => {
      const pause = new WakeablePause(true);
      pause.wake();
      expect(await elapsed(() => pause.for(10_000))).toBeLessThan(1_000);
      expect(await elapsed(() => pause.for(PAUSE_MS))).toBeGreaterThanOrEqual(AT_LEAST_MS);
    });

    it('given a wake kept from before a failure, then the back-off still lasts its time, and a wake while it waits ends it', async () => {
      const pause = new WakeablePause(true);
      pause.wake();
      expect(await elapsed(() => pause.for(PAUSE_MS, { backingOff: true }))).toBeGreaterThanOrEqual(
        AT_LEAST_MS,
      );
      const waiting = pause.for(10_000, { backingOff: true });
      pause.wake();
      expect(await waited(waiting)).toBeLessThan(1_000);
      expect(await elapsed(() => pause.for(PAUSE_MS))).toBeGreaterThanOrEqual(AT_LEAST_MS);
    });
  });
});
