/** Injection tokens for the framework-free parts the engine module provides. */
export const APP_CONFIG = Symbol('AppConfig');
export const ENGINE_RUNTIME = Symbol('EngineRuntime');
export const WEBHOOK_OUTBOX = Symbol('WebhookOutbox');
