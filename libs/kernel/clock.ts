/** The only way the engine learns the time. Machines never read it: time arrives in the event. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for specs, replays and SLA tests. */
export class FixedClock implements Clock {
  private current: Date;
  constructor(start: Date | string = '2026-01-05T08:00:00.000Z') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
