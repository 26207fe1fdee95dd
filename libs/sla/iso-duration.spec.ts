import { describe, expect, it } from '@jest/globals';
import { addDuration, InvalidDurationError, parseIsoDuration } from './iso-duration.js';

describe('ISO-8601 durations', () => {
  it.each([
    ['PT24H', 24 * 3600_000],
    ['P7D', 7 * 86_400_000],
    ['P10D', 10 * 86_400_000],
    ['PT5S', 5000],
    ['PT0.5S', 500],
    ['P1DT2H30M', 86_400_000 + 2.5 * 3600_000],
    ['P2W', 14 * 86_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseIsoDuration(text).milliseconds).toBe(ms);
  });

  it.each(['', 'P', 'PT', '24H', 'P1H', 'PT-1H', 'P1.5D', 'PT0S', 'banana'])('refuses %p', (text) => {
    expect(() => parseIsoDuration(text)).toThrow(InvalidDurationError);
  });

  it('adds months by the calendar', () => {
    expect(addDuration(new Date('2026-01-31T00:00:00Z'), parseIsoDuration('P1M')).toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    expect(addDuration(new Date('2026-03-02T09:00:00Z'), parseIsoDuration('PT24H')).toISOString()).toBe(
      '2026-03-03T09:00:00.000Z',
    );
  });
});
