/**
 * The pause a polling loop takes between its rounds: `for(ms)` resolves after `ms`, or at once when `wake`
 * is called while it waits (new work has arrived, or the loop is stopping). A wake while nothing waits is
 * not remembered: the loop is busy then, and looks again before it next pauses.
 */
export class WakeablePause {
  private wakeUp: (() => void) | undefined;

  for(ms: number): Promise<void> {
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
    this.wakeUp?.();
  }
}
