import { describe, expect, it } from '@jest/globals';
import { isoTimeOf, millisecondsOf } from './iso-time.mjs';

/** The event file keeps times as milliseconds and must give back the very text they were appended as. */
const DAY = 86_400_000;
const at = (iso: string): number => Date.parse(iso);

describe('event times', () => {
  it.each([
    ['the epoch', 0],
    ['the millisecond before the epoch', -1],
    ['year 0', at('0000-01-01T00:00:00.000Z')],
    ['the last millisecond of year 9999', at('9999-12-31T23:59:59.999Z')],
    ['a leap day', at('2024-02-29T12:34:56.789Z')],
    ['the day after a leap day', at('2024-03-01T00:00:00.000Z')],
    ['1900-02-28, a century that is no leap year', at('1900-02-28T23:59:59.999Z')],
    ['2000-02-29, a century that is one', at('2000-02-29T00:00:00.001Z')],
    ['2100-03-01', at('2100-03-01T00:00:00.000Z')],
    ['the last millisecond of a year', at('2026-12-31T23:59:59.999Z')],
  ])('writes %s as Date#toISOString does', (_name, ms) => {
    expect(isoTimeOf(ms)).toBe(new Date(ms).toISOString());
  });

  it('writes every day from 1600 to 2400, at varying times of day, as Date#toISOString does', () => {
    const mismatches: string[] = [];
    for (
      let ms = at('1600-01-01T00:00:00.000Z'), n = 0;
      ms < at('2400-12-31T00:00:00.000Z');
      ms += DAY, n++
    ) {
      const moment = ms + ((n * 7_919_993) % DAY);
      if (isoTimeOf(moment) !== new Date(moment).toISOString())
        mismatches.push(new Date(moment).toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('leaves years beyond 0–9999 to Date#toISOString', () => {
    for (const iso of ['+010000-01-01T00:00:00.000Z', '-000001-12-31T23:59:59.999Z']) {
      expect(isoTimeOf(at(iso))).toBe(iso);
    }
  });

  it('stores as milliseconds only a time that comes back as the same text', () => {
    expect(millisecondsOf('2026-12-01T07:59:56.279Z')).toBe(at('2026-12-01T07:59:56.279Z'));
    for (const notCanonical of [
      '2026-12-01T07:59:56Z',
      '2026-12-01T07:59:56.279+00:00',
      '2026-02-30T00:00:00.000Z',
      '2026-12-01t07:59:56.279z',
      '+010000-01-01T00:00:00.000Z',
      'yesterday, about noon....',
      '',
      1_796_161_317_661,
      null,
    ]) {
      expect(millisecondsOf(notCanonical)).toBeUndefined();
    }
  });
});
