/**
 * How a span of local days is read: the whole months inside it from the month cells, the days before the
 * first and after the last whole month from the day cells. A month cell is the sum of its day cells, so
 * both ways give the same sums; a year of one topic is then a dozen cells per group, not 365.
 */
export interface ReportSpan {
  /** First and last whole month (YYYY-MM) read from the month cells; absent when the span holds none. */
  readonly months?: { readonly from: string; readonly to: string };
}

/** The whole months of the span [from, to] (either end open); an open end takes every month that way. */
export function reportSpanOf(from: string | undefined, to: string | undefined): ReportSpan {
  const first = from === undefined ? '0000-00' : monthStartingOnOrAfter(from);
  const last = to === undefined ? '9999-99' : monthEndingOnOrBefore(to);
  return first <= last ? { months: { from: first, to: last } } : {};
}

function monthStartingOnOrAfter(day: string): string {
  return day.endsWith('-01') ? day.slice(0, 7) : shiftMonth(day.slice(0, 7), 1);
}

function monthEndingOnOrBefore(day: string): string {
  const month = day.slice(0, 7);
  return day === lastDayOf(month) ? month : shiftMonth(month, -1);
}

function lastDayOf(month: string): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, index, 0)).toISOString().slice(0, 10);
}

function shiftMonth(month: string, by: number): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, index - 1 + by, 1)).toISOString().slice(0, 7);
}
