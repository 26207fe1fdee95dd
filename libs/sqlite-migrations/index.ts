export * from './sqlite-migrations.js';
