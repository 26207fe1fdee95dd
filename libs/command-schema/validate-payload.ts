import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ValidationFailedError, type FieldError } from '../kernel/index.js';
import { codedFieldErrors } from './field-error-codes.js';

/** Unknown fields are refused, not dropped: a typo must not silently lose what the caller meant. */
export const validatorOptions: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // Kept on the errors so a field error can name its rule's parameters and tell a missing value from a
  // wrong one; neither the target nor the value is ever copied into a response.
  validationError: { target: true, value: true },
};

/**
 * class-validator's nested errors, flattened to `customer.phone` style field paths, each with an English
 * reason and a stable code (see field-error-codes.ts).
 */
export function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    return [...codedFieldErrors(error, field), ...fieldErrors(error.children ?? [], field)];
  });
}

export function validationFailed(errors: readonly ValidationError[]): ValidationFailedError {
  const fields = fieldErrors(errors);
  return new ValidationFailedError(
    fields,
    fields.map((error) => `${error.field}: ${error.reason}`).join('; '),
  );
}

/**
 * Validates a payload against its schema class and returns the plain, whitelisted, normalised payload
 * the event will carry; a problem throws ValidationFailedError naming every field.
 */
export async function validatePayload(
  schema: new () => object,
  received: unknown,
): Promise<Record<string, unknown>> {
  const body = received ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationFailedError(
      [{ field: 'body', reason: 'must be a JSON object', code: 'not_an_object' }],
      'The body must be a JSON object',
    );
  }
  if (takesNoPayload(schema)) {
    const unknown = Object.keys(body);
    if (unknown.length > 0) {
      throw new ValidationFailedError(
        unknown.map((field) => ({
          field,
          reason: 'is not a known field (this action takes no payload)',
          code: 'unknown_field',
        })),
        'This action takes no payload',
      );
    }
    return {};
  }
  const instance = plainToInstance(schema, body);
  const errors = await validate(instance, validatorOptions);
  if (errors.length > 0) throw validationFailed(errors);
  return JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
}

/**
 * A schema without a single validation decorator is an action without a payload. Decorators are applied
 * when the class is defined, before any payload can reach it, so the answer is kept per schema: looking it
 * up scans every validation rule of every schema loaded.
 */
const withoutPayload = new WeakMap<new () => object, boolean>();

function takesNoPayload(schema: new () => object): boolean {
  let answer = withoutPayload.get(schema);
  if (answer === undefined) {
    answer = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false).length === 0;
    withoutPayload.set(schema, answer);
  }
  return answer;
}
