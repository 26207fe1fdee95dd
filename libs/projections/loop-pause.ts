/**
 * The pause of a loop that looks for work: it ends after its time, or at once when woken. A wake that
 * comes while the loop is busy is kept, so the next pause ends at once instead of missing it.
 */
export class LoopPause {
  private wakeUp: (() => void) | undefined;
  private pending = false;

  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  /** Pauses `ms`, or less if woken. `backingOff`: after a failure a wake kept from before does not cut it short. */
  sleep(ms: number, backingOff = false): Promise<void> {
    if (this.pending && !backingOff) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        this.pending = false;
        done();
      };
    });
  }
}
