import { describe, expect, it } from '@jest/globals';
import { WakeablePause } from './wakeable-pause.js';

describe('the pause of a polling loop', () => {
  const elapsed = async (pause: Promise<void>): Promise<number> => {
    const started = performance.now();
    await pause;
    return performance.now() - started;
  };

  it('given nobody wakes it, then it lasts its time', async () => {
    expect(await elapsed(new WakeablePause().for(50))).toBeGreaterThanOrEqual(45);
  });

  it('given a wake while it waits, then it ends at once', async () => {
    const pause = new WakeablePause();
    const waiting = pause.for(10_000);
    pause.wake();
    expect(await elapsed(waiting)).toBeLessThan(1_000);
  });

  it('given a wake while nothing waits, then the next pause still lasts its time', async () => {
    const pause = new WakeablePause();
    pause.wake();
    expect(await elapsed(pause.for(50))).toBeGreaterThanOrEqual(45);
  });

  describe('given a loop that keeps wakes (it pauses right after finding nothing)', () => {
    it('given a wake while nothing waits, then the next pause ends at once, and the one after lasts its time', async () => {
      const pause = new WakeablePause(true);
      pause.wake();
      expect(await elapsed(pause.for(10_000))).toBeLessThan(1_000);
      expect(await elapsed(pause.for(50))).toBeGreaterThanOrEqual(45);
    });

    it('given a wake kept from before a failure, then the back-off still lasts its time, and a wake while it waits ends it', async () => {
      const pause = new WakeablePause(true);
      pause.wake();
      expect(await elapsed(pause.for(50, { backingOff: true }))).toBeGreaterThanOrEqual(45);
      const waiting = pause.for(10_000, { backingOff: true });
      pause.wake();
      expect(await elapsed(waiting)).toBeLessThan(1_000);
      expect(await elapsed(pause.for(50))).toBeGreaterThanOrEqual(45);
    });
  });
});
