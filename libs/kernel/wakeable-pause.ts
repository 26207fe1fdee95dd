/**
 * The pause a polling loop takes between its rounds: `for(ms)` resolves after `ms`, or at once when `wake`
 * is called while it waits (new work has arrived, or the loop is stopping). A wake while nothing waits is
 * forgotten by default: the loop is busy then, and looks again before it next pauses. A loop that does not
 * look again (it pauses right after finding nothing) keeps such a wake (`keepsWakes`), so its next pause
 * ends at once instead of missing it.
 */
export class WakeablePause {
  private wakeUp: (() => void) | undefined;
  private kept = false;

  constructor(private readonly keepsWakes = false) {}

  /** `backingOff`: after a failure, a wake kept from before does not cut the pause short. */
  for(ms: number, options: { readonly backingOff?: boolean } = {}): Promise<void> {
    if (this.kept && options.backingOff !== true) {
      this.kept = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  wake(): void {
    if (this.wakeUp !== undefined) {
      this.kept = false;
      this.wakeUp();
    } else if (this.keepsWakes) {
      this.kept = true;
    }
  }
}
