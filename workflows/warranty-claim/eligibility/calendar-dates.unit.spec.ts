import { describe, expect, it } from '@jest/globals';
import { dateOf, instantOf, isoDate, outsideSpan, repairDays, spanEnd } from './calendar-dates.js';

const end = (start: string, span: Parameters<typeof spanEnd>[1]) => {
  const last = spanEnd(dateOf(start), span);
  return last === undefined ? undefined : isoDate(last);
};

describe('counting periods (Civil Code Art. 201–202)', () => {
  it.each([
    ['2023-03-01', { days: 7 }, '2023-03-08'],
    ['2023-03-01', { days: 60 }, '2023-04-30'],
    ['2023-03-01', { years: 3 }, '2026-03-01'],
    ['2023-01-31', { months: 1 }, '2023-02-28'],
    ['2024-01-31', { months: 1 }, '2024-02-29'],
    ['2024-02-29', { years: 1 }, '2025-02-28'],
    ['2023-12-15', { months: 24 }, '2025-12-15'],
    ['2023-03-01', { km: 3000 }, undefined],
  ] as const)('%s plus %j ends on %s', (start, span, expected) => {
    expect(end(start, span)).toBe(expected);
  });

  it('says why a day or a mileage is outside, limits inclusive', () => {
    const start = dateOf('2023-03-01');
    const span = { days: 60, km: 3000 };
    expect(outsideSpan(start, span, dateOf('2023-04-30'), 3000)).toBeNull();
    expect(outsideSpan(start, span, dateOf('2023-05-01'), 10)).toBe('the period ended on 2023-04-30');
    expect(outsideSpan(start, span, dateOf('2023-03-02'), 3001)).toBe('3001 km is over the 3000 km limit');
    expect(outsideSpan(start, span, dateOf('2023-02-28'), 0)).toBe('the period starts on 2023-03-01');
  });
});

describe('reading dates and instants', () => {
  it('keeps a calendar date as given', () => {
    expect(isoDate(dateOf('2023-03-08'))).toBe('2023-03-08');
  });

  it('reads an instant as its day in China (UTC+8)', () => {
    expect(isoDate(dateOf('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(isoDate(dateOf('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(isoDate(dateOf('2026-03-02T00:30:00+08:00'))).toBe('2026-03-02');
    expect(isoDate(dateOf('2026-03-01T12:00:00-05:00'))).toBe('2026-03-02');
  });

  it('reads offsets and a missing zone as UTC', () => {
    expect(instantOf('2026-03-02T09:00:00.000Z')).toBe(Date.UTC(2026, 2, 2, 9));
    expect(instantOf('2026-03-02T17:00:00+08:00')).toBe(Date.UTC(2026, 2, 2, 9));
    expect(instantOf('2026-03-02T09:00')).toBe(Date.UTC(2026, 2, 2, 9));
  });

  it.each(['2023-02-30', '2023-03', '2023-W10-1', '20230308', 'yesterday'])('refuses %s', (value) => {
    expect(() => dateOf(value)).toThrow(RangeError);
  });
});

describe('repair days (2021 Art. 40: each started 24 hours is a day)', () => {
  it.each([
    ['2023-06-01T08:00:00Z', '2023-06-01T09:00:00Z', 0, 1],
    ['2023-06-01T08:00:00Z', '2023-06-02T08:00:00Z', 0, 1],
    ['2023-06-01T08:00:00Z', '2023-06-02T08:00:01Z', 0, 2],
    ['2023-06-01T08:00:00Z', '2023-06-06T09:00:00Z', 48, 4],
    ['2023-06-01T08:00:00Z', '2023-06-01T08:00:00Z', 0, 0],
  ] as const)('%s to %s less %i hours is %i days', (from, to, excluded, days) => {
    expect(repairDays(from, to, excluded)).toBe(days);
  });
});
