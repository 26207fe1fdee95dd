/**
 * A token bucket per caller: `capacity` requests at once, refilled at `perMinute`. Bounded: the least
 * recently seen callers are forgotten first, so a flood of distinct ids cannot grow memory without limit.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly capacity = perMinute,
    private readonly maxCallers = 100_000,
  ) {}

  /** Takes one token for `caller` at `now` (ms); returns the seconds to wait when none is left. */
  take(caller: string, now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    if (this.perMinute <= 0) return { allowed: true };
    const bucket = this.buckets.get(caller) ?? { tokens: this.capacity, at: now };
    this.buckets.delete(caller);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
    bucket.at = now;
    this.buckets.set(caller, bucket);
    if (this.buckets.size > this.maxCallers) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.ceil(((1 - bucket.tokens) / this.perMinute) * 60) };
  }
}
