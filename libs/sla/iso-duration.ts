/** An ISO-8601 duration, split into calendar parts (years, months) and exact parts (everything else). */
export interface IsoDuration {
  readonly text: string;
  readonly years: number;
  readonly months: number;
  /** Weeks, days, hours, minutes and seconds in milliseconds (a day is 24 h: SLA clocks run in UTC). */
  readonly milliseconds: number;
}

const PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

export class InvalidDurationError extends Error {}

export function parseIsoDuration(text: string): IsoDuration {
  const match = PATTERN.exec(text);
  if (match === null) {
    throw new InvalidDurationError(
      `'${text}' is not an ISO-8601 duration (examples: PT24H, P7D, P10D, PT30S, P1DT12H)`,
    );
  }
  const [, years, months, weeks, days, hours, minutes, seconds] = match.map((part) =>
    part === undefined ? 0 : Number(part),
  );
  const milliseconds =
    ((((weeks ?? 0) * 7 + (days ?? 0)) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60_000 +
    Math.round((seconds ?? 0) * 1000);
  const duration = { text, years: years ?? 0, months: months ?? 0, milliseconds };
  if (duration.years === 0 && duration.months === 0 && duration.milliseconds === 0) {
    throw new InvalidDurationError(`'${text}' is a zero duration; a deadline needs time to be met`);
  }
  return duration;
}

/** `start + duration` in calendar time (months and years by the calendar, the rest exactly). */
export function addDuration(start: Date, duration: IsoDuration): Date {
  const result = new Date(start.getTime());
  if (duration.years !== 0 || duration.months !== 0) {
    result.setUTCMonth(result.getUTCMonth() + duration.years * 12 + duration.months);
  }
  return new Date(result.getTime() + duration.milliseconds);
}
