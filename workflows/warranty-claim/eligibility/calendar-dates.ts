import type { Span } from './policy.js';

const DAY = 86_400_000;

/** `2023-03-08` or an ISO-8601 instant → that calendar date at UTC midnight (dates in the rules are days). */
export function dateOf(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (match === null) throw new Error(`'${value}' is not a date`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The last day inside a span starting on `start` (Civil Code Art. 201–202: the start day is not counted;
 * an N-day period ends on start + N; a month or year period ends on the same date, or the month's last day).
 */
export function spanEnd(start: Date, span: Span): Date | undefined {
  if (span.days === undefined && span.months === undefined && span.years === undefined) return undefined;
  const months = (span.years ?? 0) * 12 + (span.months ?? 0);
  let end = new Date(start.getTime());
  if (months > 0) {
    const target = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    end = new Date(
      Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(start.getUTCDate(), lastDay)),
    );
  }
  return new Date(end.getTime() + (span.days ?? 0) * DAY);
}

/** Inside the span on `at` with `mileageKm` on the odometer: whichever limit comes first ends it (inclusive). */
export function withinSpan(start: Date, span: Span, at: Date, mileageKm: number | undefined): boolean {
  const end = spanEnd(start, span);
  if (at < start) return false;
  if (end !== undefined && at > end) return false;
  if (span.km !== undefined && mileageKm !== undefined && mileageKm > span.km) return false;
  return true;
}

/** Repair days: each started 24 h counts as a day (2021 Art. 40), after removing excluded hours. */
export function repairDays(startedAt: string, completedAt: string, excludedHours = 0): number {
  const hours = (Date.parse(completedAt) - Date.parse(startedAt)) / 3_600_000 - excludedHours;
  return hours <= 0 ? 0 : Math.ceil(hours / 24);
}
