export * from './common.dto.js';
export * from './date-time.js';
export * from './money.dto.js';
export * from './normalise.js';
export * from './vehicle.dto.js';
