import type { ValidationError } from 'class-validator';
import { getMetadataStorage } from 'class-validator';
import type { FieldError } from '../kernel/index.js';

/**
 * The stable code for each class-validator constraint. Clients translate field errors by `code` (and its
 * parameters), never by the English `reason`, so a code, once published, keeps its meaning.
 */
const CODE_OF_CONSTRAINT: Readonly<Record<string, string>> = {
  isDefined: 'required',
  isNotEmpty: 'required',
  maxLength: 'too_long',
  minLength: 'too_short',
  arrayMaxSize: 'too_many',
  arrayMinSize: 'too_few',
  arrayNotEmpty: 'too_few',
  isIn: 'one_of',
  isEnum: 'one_of',
  isISO8601: 'not_a_date',
  isDateString: 'not_a_date',
  isCalendarDay: 'not_a_date',
  isInstant: 'not_a_date',
  isDayOrInstant: 'not_a_date',
  min: 'out_of_range',
  max: 'out_of_range',
  isPositive: 'out_of_range',
  isInt: 'not_an_integer',
  isNumber: 'not_a_number',
  isString: 'not_a_string',
  isBoolean: 'not_a_boolean',
  isArray: 'not_a_list',
  isObject: 'not_an_object',
  nestedValidation: 'not_an_object',
  matches: 'bad_format',
  whitelistValidation: 'unknown_field',
  unknownValue: 'unknown_field',
};

/** The code for a constraint this table does not know (a custom decorator's). */
export const GENERIC_CODE = 'invalid';

/** Every code the validation pipe can answer with. */
export const FIELD_ERROR_CODES: readonly string[] = [
  ...new Set([...Object.values(CODE_OF_CONSTRAINT), GENERIC_CODE]),
];

type Parameters = Pick<FieldError, 'min' | 'max' | 'allowed'>;

/**
 * One field's errors. A missing value gets one `required` error rather than one per rule it would
 * also break (a missing string is not also "too long" and "not a string").
 */
export function codedFieldErrors(error: ValidationError, field: string): FieldError[] {
  const constraints = Object.entries(error.constraints ?? {});
  if (constraints.length === 0) return [];
  const missing = (error.value === undefined || error.value === null) && !isUnknownField(constraints);
  if (missing) return [{ field, reason: 'is required', code: 'required' }];
  return constraints.map(([name, reason]) => ({
    field,
    reason: name === 'whitelistValidation' ? 'is not a known field' : reason,
    code: CODE_OF_CONSTRAINT[name] ?? GENERIC_CODE,
    ...parametersOf(error, name),
  }));
}

function isUnknownField(constraints: readonly (readonly [string, string])[]): boolean {
  return constraints.some(([name]) => name === 'whitelistValidation' || name === 'unknownValue');
}

/** The limit or the allowed values the decorator was declared with, read from class-validator's metadata. */
function parametersOf(error: ValidationError, constraint: string): Parameters {
  const target = error.target?.constructor;
  if (target === undefined) return {};
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((entry) => entry.propertyName === error.property && entry.name === constraint);
  const declared: unknown[] = metadata?.constraints ?? [];
  switch (constraint) {
    case 'maxLength':
    case 'arrayMaxSize':
    case 'max':
      return typeof declared[0] === 'number' ? { max: declared[0] } : {};
    case 'minLength':
    case 'arrayMinSize':
    case 'min':
      return typeof declared[0] === 'number' ? { min: declared[0] } : {};
    case 'isIn':
      return Array.isArray(declared[0]) ? { allowed: declared[0].map(String) } : {};
    case 'isEnum':
      return Array.isArray(declared[1]) ? { allowed: declared[1].map(String) } : enumValues(declared[0]);
    default:
      return {};
  }
}

function enumValues(entity: unknown): Parameters {
  if (entity === null || typeof entity !== 'object') return {};
  return { allowed: Object.values(entity).map(String) };
}
