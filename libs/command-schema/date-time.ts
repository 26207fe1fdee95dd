import { ValidateBy, isISO8601, type ValidationOptions } from 'class-validator';
import { ValidationFailedError } from '../kernel/index.js';

/*
 * The one strict reading of dates and date-times at the HTTP edge. `@IsISO8601` alone also takes
 * `2026-W01`, `20260101`, `2026-01-01T00Z` or `2026-03` — ISO-8601, but not instants `Date` can read, so a
 * filter built from them failed deep inside a query. Every value these checks accept is a real calendar
 * date (no 30 February) that `Date.parse` reads; every value they refuse is a 400 naming the field.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?/;
const DATE_TIME_WITH_OFFSET = new RegExp(`^\\d{4}-\\d{2}-\\d{2}${TIME.source}(?:Z|[+-]\\d{2}:\\d{2})$`);
const DAY_OR_DATE_TIME = new RegExp(`^\\d{4}-\\d{2}-\\d{2}(?:${TIME.source}(?:Z|[+-]\\d{2}:\\d{2})?)?$`);

function readable(value: unknown, form: RegExp): value is string {
  return (
    typeof value === 'string' &&
    form.test(value) &&
    isISO8601(value, { strict: true }) &&
    Number.isFinite(Date.parse(value))
  );
}

/** A day `YYYY-MM-DD` or a date-time (offset optional): a recorded fact such as an invoice date. */
export function isCalendarDay(value: unknown): value is string {
  return readable(value, DAY_OR_DATE_TIME);
}

/** A date-time with `Z` or an offset, e.g. `2026-03-02T09:00:00Z`: one instant wherever the server runs. */
export function isInstant(value: unknown): value is string {
  return readable(value, DATE_TIME_WITH_OFFSET);
}

/** A query bound: a day `YYYY-MM-DD` (its UTC midnight) or a date-time with `Z` or an offset. */
export function isDayOrInstant(value: unknown): value is string {
  return readable(value, DAY) || readable(value, DATE_TIME_WITH_OFFSET);
}

export const CALENDAR_DAY_FORM = 'a date YYYY-MM-DD or an ISO-8601 date-time';
export const INSTANT_FORM = 'an ISO-8601 date-time with Z or an offset, e.g. 2026-03-02T09:00:00Z';
export const DAY_OR_INSTANT_FORM = `a date YYYY-MM-DD (UTC) or ${INSTANT_FORM}`;

function decorator(
  name: string,
  test: (value: unknown) => boolean,
  form: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value) => test(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be ${form}`,
      },
    },
    options,
  );
}

export function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return decorator('isCalendarDay', isCalendarDay, CALENDAR_DAY_FORM, options);
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return decorator('isInstant', isInstant, INSTANT_FORM, options);
}

export function IsDayOrInstant(options?: ValidationOptions): PropertyDecorator {
  return decorator('isDayOrInstant', isDayOrInstant, DAY_OR_INSTANT_FORM, options);
}

/**
 * The instant a validated query bound names, as an ISO string. Refuses (400 naming the field) anything
 * the checks above would refuse, so a caller that skipped validation still cannot reach a query with it.
 */
export function instantOf(field: string, value: string): string {
  if (!isDayOrInstant(value)) {
    throw new ValidationFailedError(
      [{ field, reason: `${field} must be ${DAY_OR_INSTANT_FORM}` }],
      `${field}: not a readable date-time`,
    );
  }
  return new Date(value).toISOString();
}
