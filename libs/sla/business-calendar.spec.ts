import { describe, expect, it } from '@jest/globals';
import {
  addWorkingTime,
  DEFAULT_BUSINESS_CALENDAR,
  validateCalendar,
  type BusinessCalendar,
} from './business-calendar.js';
import { parseIsoDuration } from './iso-duration.js';

// Monday to Saturday, 08:30–17:30 Beijing time (00:30–09:30 UTC).
const calendar: BusinessCalendar = { ...DEFAULT_BUSINESS_CALENDAR, holidays: ['2026-10-01'] };
const add = (start: string, duration: string) =>
  addWorkingTime(new Date(start), parseIsoDuration(duration), calendar).toISOString();

describe('working-time calendar', () => {
  it('counts within one working day', () => {
    expect(add('2026-03-02T01:00:00Z', 'PT2H')).toBe('2026-03-02T03:00:00.000Z');
  });

  it('carries over the night to the next opening', () => {
    // Monday 16:30 local + 2 h of work = Tuesday 09:30 local.
    expect(add('2026-03-02T08:30:00Z', 'PT2H')).toBe('2026-03-03T01:30:00.000Z');
  });

  it('starts counting at opening time when started before it', () => {
    expect(add('2026-03-02T23:00:00Z', 'PT1H')).toBe('2026-03-03T01:30:00.000Z');
  });

  it('skips Sunday', () => {
    // Saturday 17:00 local + 1 h = Monday 09:00 local.
    expect(add('2026-03-07T09:00:00Z', 'PT1H')).toBe('2026-03-09T01:00:00.000Z');
  });

  it('skips holidays', () => {
    // Wednesday 30 Sep 17:00 local + 1 h: 1 Oct is a holiday, so Friday 2 Oct 09:00 local.
    expect(add('2026-09-30T09:00:00Z', 'PT1H')).toBe('2026-10-02T01:00:00.000Z');
  });

  it('counts a 24 h working clock as nearly three working days', () => {
    expect(add('2026-03-02T00:30:00Z', 'PT24H')).toBe('2026-03-04T06:30:00.000Z');
  });

  it('refuses months of working time', () => {
    expect(() => add('2026-03-02T00:30:00Z', 'P1M')).toThrow(/years or months/);
  });

  it('reports every problem with a calendar', () => {
    expect(
      validateCalendar(
        { utcOffset: '8', workingDays: [0], opens: '18:00', closes: '08:00', holidays: ['1 Oct'] },
        'D001',
      ),
    ).toEqual([
      "D001.utcOffset: utcOffset must look like +08:00, got '8'",
      'D001: opens must be before closes',
      'D001.workingDays: a non-empty list of ISO weekdays 1 (Monday) … 7 (Sunday)',
      "D001.holidays: '1 Oct' is not YYYY-MM-DD",
    ]);
  });
});
