/**
 * Injection tokens. Controllers, handlers and interceptors inject the runtime's ports (libs/runtime/ports.ts)
 * one by one, each what it uses; only app.module.ts knows the runtime that provides them.
 */
export const APP_CONFIG = Symbol('AppConfig');
export const WEBHOOK_OUTBOX = Symbol('WebhookOutbox');
/** The runtime's close, for the application's shutdown. */
export const RUNTIME_SHUTDOWN = Symbol('RuntimeShutdown');

export const CASE_COMMANDS = Symbol('CaseCommandExecutor');
export const READ_MODEL_PROGRESS = Symbol('ReadModelProgress');
export const CASE_READS = Symbol('CaseReads');
export const CASE_LISTS = Symbol('CaseLists');
export const PERSONAL_DATA_DISCLOSURE = Symbol('PersonalDataDisclosure');
export const CUSTOMER_RECORDS = Symbol('CustomerRecords');
export const DEADLINE_QUERIES = Symbol('DeadlineQueries');
export const REPORT_READS = Symbol('ReportReads');
export const AUDIT_READS = Symbol('AuditReads');
export const LOG_HEAD = Symbol('LogHead');
export const STORE_HEALTH = Symbol('StoreHealth');
export const PERSONAL_DATA_ERASURE = Symbol('PersonalDataErasure');
export const CASE_ATTACHMENTS = Symbol('CaseAttachments');
export const DELEGATIONS = Symbol('Delegations');
export const CLOCK = Symbol('Clock');
export const WORKFLOW_REGISTRY = Symbol('WorkflowRegistry');
