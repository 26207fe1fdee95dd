export * from './personal-data-disclosure.js';
export * from './personal-data-file.js';
export * from './personal-data-key-vault.js';
export * from './personal-data-vault.js';
export * from './postgres-key-import.js';
export * from './postgres-personal-data-vault.js';
export * from './sealed-value.js';
