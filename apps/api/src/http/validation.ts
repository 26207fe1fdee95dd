import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidatorOptions } from 'class-validator';
import { ValidationFailedError, type FieldError } from '../../../../libs/kernel/index.js';
import { codedFieldErrors } from './field-error-codes.js';

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

/** The global pipe: whitelist, forbid unknown fields, transform; failures become 400 problem+json. */
export function globalValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...validatorOptions,
    transform: true,
    exceptionFactory: (errors) => validationFailed(errors),
  });
}

/**
 * Validates a body against the DTO chosen at run time (one per workflow action), with the same rules as
 * the global pipe, and returns the plain, whitelisted payload the event will carry.
 */
export async function validateBody(
  dto: new () => object,
  received: unknown,
): Promise<Record<string, unknown>> {
  const body = received ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationFailedError(
      [{ field: 'body', reason: 'must be a JSON object', code: 'not_an_object' }],
      'The body must be a JSON object',
    );
  }
  if (takesNoPayload(dto)) {
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
  const instance = plainToInstance(dto, body);
  const errors = await validate(instance, validatorOptions);
  if (errors.length > 0) throw validationFailed(errors);
  return JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
}

/** A DTO without a single validation decorator is an action without a body. */
function takesNoPayload(dto: new () => object): boolean {
  return getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).length === 0;
}
