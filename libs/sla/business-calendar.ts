import type { IsoDuration } from './iso-duration.js';

/**
 * A dealer's working time: the days and hours the clock runs, in the dealer's time zone, minus holidays.
 * Only clocks whose rule says `calendar: 'business'` use it; the seed clocks run in calendar time.
 */
export interface BusinessCalendar {
  /** Offset of local time from UTC, e.g. `+08:00` (Asia/Shanghai, no daylight saving). */
  readonly utcOffset: string;
  /** ISO weekdays the dealer works: 1 Monday … 7 Sunday. */
  readonly workingDays: readonly number[];
  /** Opening hours, local `HH:MM`. */
  readonly opens: string;
  readonly closes: string;
  /** Local dates `YYYY-MM-DD` on which the clock does not run. */
  readonly holidays: readonly string[];
}

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = {
  utcOffset: '+08:00',
  workingDays: [1, 2, 3, 4, 5, 6],
  opens: '08:30',
  closes: '17:30',
  holidays: [],
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function offsetMs(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (match === null) throw new Error(`utcOffset must look like +08:00, got '${offset}'`);
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 60 + Number(match[3])) * MINUTE;
}

function minutesOf(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (match === null) throw new Error(`opening hours must look like 08:30, got '${time}'`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Problems with a calendar, each naming the field; empty when it is usable. */
export function validateCalendar(calendar: BusinessCalendar, path = 'calendar'): string[] {
  const problems: string[] = [];
  try {
    offsetMs(calendar.utcOffset);
  } catch (error) {
    problems.push(`${path}.utcOffset: ${(error as Error).message}`);
  }
  try {
    if (minutesOf(calendar.opens) >= minutesOf(calendar.closes))
      problems.push(`${path}: opens must be before closes`);
  } catch (error) {
    problems.push(`${path}.opens/closes: ${(error as Error).message}`);
  }
  if (
    calendar.workingDays.length === 0 ||
    calendar.workingDays.some((day) => !Number.isInteger(day) || day < 1 || day > 7)
  ) {
    problems.push(`${path}.workingDays: a non-empty list of ISO weekdays 1 (Monday) … 7 (Sunday)`);
  }
  for (const holiday of calendar.holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday))
      problems.push(`${path}.holidays: '${holiday}' is not YYYY-MM-DD`);
  }
  return problems;
}

/**
 * `start + duration` counting only working time. Calendar parts (years, months) are refused: "1 month of
 * working time" has no agreed meaning.
 */
export function addWorkingTime(start: Date, duration: IsoDuration, calendar: BusinessCalendar): Date {
  if (duration.years !== 0 || duration.months !== 0) {
    throw new Error(`A working-time clock cannot use years or months (${duration.text})`);
  }
  const shift = offsetMs(calendar.utcOffset);
  const opens = minutesOf(calendar.opens) * MINUTE;
  const closes = minutesOf(calendar.closes) * MINUTE;
  const holidays = new Set(calendar.holidays);
  let remaining = duration.milliseconds;
  // Walk in local time, one working window at a time.
  let local = start.getTime() + shift;
  for (let guard = 0; guard < 20_000; guard++) {
    const dayStart = Math.floor(local / DAY) * DAY;
    const date = new Date(dayStart);
    const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    const isWorking =
      calendar.workingDays.includes(weekday) && !holidays.has(date.toISOString().slice(0, 10));
    const windowStart = dayStart + opens;
    const windowEnd = dayStart + closes;
    if (isWorking && local < windowEnd) {
      const from = Math.max(local, windowStart);
      const available = windowEnd - from;
      if (remaining <= available) return new Date(from + remaining - shift);
      remaining -= available;
    }
    local = dayStart + DAY;
  }
  throw new Error('The working-time calendar has no working hours within 50 years');
}
