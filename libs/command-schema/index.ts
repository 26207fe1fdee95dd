export * from './common.dto.js';
export * from './date-time.js';
export * from './money.dto.js';
export * from './normalise.js';
export * from './vehicle.dto.js';
export * from './command-validator.js';
export * from './field-error-codes.js';
export * from './validate-payload.js';
