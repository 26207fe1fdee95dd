/** The unit words a duration is said with, in the user's language. */
export interface DurationUnits {
  readonly days: string;
  readonly hours: string;
  readonly minutes: string;
  readonly underMinute: string;
}

/**
 * A span of whole seconds as people read a paused clock: its largest unit and the one below it, a zero
 * part left out (`2 天 3 小时`, `1 天`, `45 分钟`), never seconds; under a minute says so rather than "0 min".
 */
export function durationText(seconds: number, units: DurationUnits): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  if (minutes === 0) return units.underMinute;
  const parts = [
    [Math.floor(minutes / 1440), units.days],
    [Math.floor((minutes % 1440) / 60), units.hours],
    [minutes % 60, units.minutes],
  ] as const;
  const first = parts.findIndex(([amount]) => amount > 0);
  return parts
    .slice(first, first + 2)
    .filter(([amount]) => amount > 0)
    .map(([amount, unit]) => `${amount} ${unit}`)
    .join(' ');
}
