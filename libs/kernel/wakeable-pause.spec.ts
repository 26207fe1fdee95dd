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
});
