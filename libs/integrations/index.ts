export * from './integrations-file.js';
export * from './secret-box.js';
export * from './webhook-dispatcher.js';
export * from './webhook-outbox.js';
export * from './webhook-outbox.projection.js';
export * from './webhook-signature.js';
export * from './webhook-subscriptions.js';
