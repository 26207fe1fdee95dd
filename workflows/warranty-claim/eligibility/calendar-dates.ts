import type { Span } from './policy.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/**
 * The rules count calendar days in China, while the engine's times are UTC instants: an instant is read as
 * the day it was in China Standard Time (UTC+8, no daylight saving), so 2026-03-01T18:00Z is 2026-03-02.
 */
const CHINA_STANDARD_TIME = 8 * HOUR;

const DATE_OR_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parts(value: string): RegExpExecArray {
  const match = DATE_OR_INSTANT.exec(value);
  const day = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (match === null || day === null || isoDate(day) !== `${match[1]}-${match[2]}-${match[3]}`)
    throw new RangeError(`'${value}' is not a date (YYYY-MM-DD) or an ISO-8601 date-time`);
  return match;
}

/** Milliseconds since the epoch; a date-time without an offset is UTC (API.md: times are UTC). */
export function instantOf(value: string): number {
  const match = parts(value);
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  const offset =
    zone === 'Z'
      ? 0
      : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * HOUR + Number(zone.slice(-2)) * 60_000);
  return (
    Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
      Math.round(Number(`0${fraction || '.0'}`) * 1000),
    ) - offset
  );
}

/** A calendar day (`YYYY-MM-DD` as given, or an instant's day in China) as UTC midnight of that day. */
export function dateOf(value: string): Date {
  const match = parts(value);
  if (match[4] === undefined)
    return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const shifted = new Date(instantOf(value) + CHINA_STANDARD_TIME);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY);
}

/**
 * The last day inside a span starting on `start` (Civil Code Art. 201–202: the start day is not counted;
 * an N-day period ends on start + N; a month or year period ends on the same date, or the month's last day).
 * Undefined when the span has no time limit (kilometres only).
 */
export function spanEnd(start: Date, span: Span): Date | undefined {
  if (span.days === undefined && span.months === undefined && span.years === undefined) return undefined;
  const months = (span.years ?? 0) * 12 + (span.months ?? 0);
  let end = start;
  if (months > 0) {
    const target = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    end = new Date(
      Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(start.getUTCDate(), lastDay)),
    );
  }
  return addDays(end, span.days ?? 0);
}

/** Why a day and mileage fall outside a span, or null when inside (limits are inclusive). */
export function outsideSpan(start: Date, span: Span, at: Date, mileageKm: number | undefined): string | null {
  if (at < start) return `the period starts on ${isoDate(start)}`;
  const end = spanEnd(start, span);
  if (end !== undefined && at > end) return `the period ended on ${isoDate(end)}`;
  if (span.km !== undefined && mileageKm !== undefined && mileageKm > span.km)
    return `${mileageKm} km is over the ${span.km} km limit`;
  return null;
}

/** Inside the span on `at` with `mileageKm` on the odometer: whichever limit comes first ends it. */
export function withinSpan(start: Date, span: Span, at: Date, mileageKm: number | undefined): boolean {
  return outsideSpan(start, span, at, mileageKm) === null;
}

/** Repair days: each started 24 h counts as a day (2021 Art. 40), after removing excluded hours. */
export function repairDays(startedAt: string, completedAt: string, excludedHours = 0): number {
  const hours = (instantOf(completedAt) - instantOf(startedAt)) / HOUR - excludedHours;
  return hours <= 0 ? 0 : Math.ceil(hours / 24);
}
