// With the extension: the engine's own tests import this file under Node's module resolution too.
import type { JsonSchema } from '../api/action-schemas.js';
import type { CodedFieldError } from '../i18n/field-error-text.js';

/** A form's value: the request body being filled in, nested like the schema. */
export type FormValue = Record<string, unknown>;

/** Field errors from a problem+json body, keyed by dotted path (`parts.0.partNo`). */
export type FieldErrors = ReadonlyMap<string, string>;

/** Each field's errors, said by `describe` (in the user's language), joined when a field has several. */
export function fieldErrors(
  errors: readonly CodedFieldError[],
  describe: (error: CodedFieldError) => string = (error) => error.reason,
): Map<string, string> {
  const byPath = new Map<string, string>();
  for (const error of errors) {
    const path = error.field.replace(/\[(\d+)\]/g, '.$1');
    const text = describe(error);
    byPath.set(path, byPath.has(path) ? `${byPath.get(path)}; ${text}` : text);
  }
  return byPath;
}

/**
 * Required objects start as {}, so the form matches what it shows. Required booleans start unset: they
 * are decisions (satisfied, a quality problem, audit passed) the user must choose, never a default.
 */
export function initialValue(schema: JsonSchema): FormValue {
  const value: FormValue = {};
  for (const name of schema.required ?? []) {
    const property = schema.properties?.[name];
    if (property?.type === 'object' && property.properties !== undefined)
      value[name] = initialValue(property);
  }
  return value;
}

/** Leaves out what the user did not fill, so optional fields are absent rather than empty strings. */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(pruneEmpty).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, pruneEmpty(item)] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === '' || value === undefined ? undefined : value;
}
