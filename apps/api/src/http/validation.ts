import { ValidationPipe } from '@nestjs/common';
import { validatorOptions, validationFailed } from '../../../../libs/command-schema/index.js';

/** The global pipe: whitelist, forbid unknown fields, transform; failures become 400 problem+json. */
export function globalValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...validatorOptions,
    transform: true,
    exceptionFactory: (errors) => validationFailed(errors),
  });
}
