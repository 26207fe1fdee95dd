/**
 * The reports' days and months are those of China Standard Time (UTC+8, no daylight saving), where the
 * dealers of the seeds work: a call due at 23:30 local time is due that local day, not the next UTC one.
 */
export const REPORT_UTC_OFFSET_MINUTES = 480;

/** The local day (YYYY-MM-DD) of an instant; null when it is not one. */
export function reportDayOf(instant: string): string | null {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + REPORT_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

/** Whole seconds from `from` to `to`, never negative. */
export function secondsFrom(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}
