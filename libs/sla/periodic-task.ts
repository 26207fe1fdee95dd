/**
 * Runs `run` now and then every `intervalMs`, never two at once (a tick while one runs is skipped), with
 * its failures reported and the next tick tried; `stop` waits for the run in progress. The timer does
 * not keep the process alive. The sweepers' shared loop.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly onError: (error: unknown) => unknown,
  ) {}

  start(intervalMs: number): void {
    if (this.timer !== undefined) return;
    const tick = (): void => {
      if (this.running !== undefined) return;
      this.running = this.run()
        .catch(this.onError)
        .finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
