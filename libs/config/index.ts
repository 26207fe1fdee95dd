export { ConfigurationError } from '../kernel/index.js';
export * from './app-config.js';
export * from './network-secret.js';
