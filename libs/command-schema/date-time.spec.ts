import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '../kernel/index.js';
import { instantOf, isCalendarDay, isDayOrInstant, isInstant } from './date-time.js';

/** value → [calendar day (bodies), instant, day or instant (queries)] */
const TABLE: [string, boolean, boolean, boolean][] = [
  ['2026-03-02', true, false, true],
  ['2026-03-02T09:00Z', true, true, true],
  ['2026-03-02T09:00:00.123456789Z', true, true, true],
  ['2026-03-02T17:00:00+08:00', true, true, true],
  ['2026-03-02T09:00:00', true, false, false],
  ['2026-W01', false, false, false],
  ['2026-W10-1', false, false, false],
  ['20260101', false, false, false],
  ['2026-01-01T00Z', false, false, false],
  ['2026-03', false, false, false],
  ['2026-02-30', false, false, false],
  ['2026-01-01T24:00:00Z', false, false, false],
  ['2026-01-01T00:00+99:00', false, false, false],
  ['', false, false, false],
];

describe('the one strict reading of dates at the HTTP edge', () => {
  it.each(TABLE)('given %j, then day %s, instant %s, query bound %s', (value, day, instant, bound) => {
    expect([isCalendarDay(value), isInstant(value), isDayOrInstant(value)]).toEqual([day, instant, bound]);
    if (bound) expect(Number.isFinite(Date.parse(value))).toBe(true);
  });

  it('reads a query bound as an ISO instant, a day as its UTC midnight', () => {
    expect(instantOf('from', '2026-03-02')).toBe('2026-03-02T00:00:00.000Z');
    expect(instantOf('from', '2026-03-02T17:00:00+08:00')).toBe('2026-03-02T09:00:00.000Z');
  });

  it('refuses an unreadable bound with a validation error naming the field', () => {
    expect(() => instantOf('asOf', '2026-W01')).toThrow(ValidationFailedError);
    try {
      instantOf('asOf', '2026-W01');
    } catch (error) {
      expect((error as ValidationFailedError).errors[0]?.field).toBe('asOf');
    }
  });
});
