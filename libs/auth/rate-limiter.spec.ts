import { describe, expect, it } from '@jest/globals';
import { RateLimiter } from './rate-limiter.js';

describe('rate limiter', () => {
  it('allows a burst up to capacity, then asks to wait, then refills', () => {
    const limiter = new RateLimiter(60, 3);
    expect([1, 2, 3].map(() => limiter.take('alice', 0).allowed)).toEqual([true, true, true]);
    expect(limiter.take('alice', 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('bob', 0).allowed).toBe(true);
    expect(limiter.take('alice', 1000).allowed).toBe(true);
  });

  it('is off at zero', () => {
    const limiter = new RateLimiter(0);
    expect(Array.from({ length: 1000 }, () => limiter.take('x', 0).allowed).every(Boolean)).toBe(true);
  });

  it('forgets the least recently seen callers beyond its bound', () => {
    const limiter = new RateLimiter(60, 1, 2);
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0);
    expect(limiter.take('a', 0).allowed).toBe(true);
  });
});
