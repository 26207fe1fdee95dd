import type { AuditEventRow, AuditFilter, CasePage, CaseListFilter, CaseRow } from '../projections/index.js';
import type { CustomerRecord } from '../customers/index.js';
import type { CheckpointState } from './wal-checkpointer.js';
import type { DelegationBook } from '../delegation/index.js';
import type { CaseAttachments } from '../attachments/index.js';
import type { ExportAnchorRequest } from '../audit/index.js';
import type { Actor, CaseOwner, Clock, ReadScope, RecordedEvent } from '../kernel/index.js';
import type { DeadlineFilter, DeadlineRow, ReportGroup, ReportGrouping } from '../sla/index.js';
import type { ReportQuery, ReportResult } from '../reports/index.js';
import type {
  CaseCommandExecutor,
  CaseSnapshotCounts,
  CaseState,
  DeadlineView,
  ErasureRecord,
  StreamOwner,
  VerificationReport,
  WorkflowRegistry,
} from '../workflow-engine/index.js';

/*
 * The runtime as its callers see it: one small port per job, so an HTTP controller or handler receives what
 * it uses and never the store's internals or a database handle. The composition root (see runtimePorts)
 * builds each one over the runtime's parts.
 */

export type { CaseCommandExecutor };

/**
 * How far this process's read models have applied the log, and waiting for them to reach a position. A
 * write is answered without waiting for them; the reads that follow wait instead (read-your-writes).
 */
export interface ReadModelProgress {
  /** The position every read model has applied. */
  readonly position: number;
  /** The newest position of a write this process has answered: its reads wait for the read models to reach it. */
  readonly answered: number;
  /** Takes note of a write answered with `position` (never lowers `answered`). */
  noteAnswered(position: number): void;
  /** Resolves true once the read models applied `position`, false when `timeoutMs` passed first. */
  waitFor(position: number, timeoutMs: number): Promise<boolean>;
}

/** One case folded from its events: as it is now, as it stood at a moment, and its events. */
export interface CaseReads {
  load(caseType: string, caseId: string): Promise<CaseState | undefined>;
  /**
   * The case as this process last folded it, without asking the store: possibly behind another process's
   * write, so only for what a later event cannot change (that the case exists, its owner).
   */
  cached(caseType: string, caseId: string): CaseState | undefined;
  loadAsOf(caseType: string, caseId: string, asOf: Date): Promise<CaseState | undefined>;
  history(caseType: string, caseId: string): Promise<RecordedEvent[]>;
}

/** Cases from the case-list read model, always within the reader's scope. */
export interface CaseLists {
  list(actor: Actor, filter: CaseListFilter): Promise<CasePage>;
  workQueueCandidates(actor: Actor, limit: number): Promise<CaseRow[]>;
  linkedTo(actor: Actor, caseId: string): Promise<CaseRow[]>;
}

/** Personal data as a reader may see it: sealed values opened (`[erased]` once erased), then masked. */
export interface PersonalDataDisclosurePort {
  /** Fetches the current keys of every subject sealed in `values`; call before `present`. */
  loadKeysToDisclose(...values: readonly unknown[]): Promise<void>;
  present<T>(caseType: string, owner: CaseOwner, data: T, viewer: Actor): T;
}

/** The customer records (客户档案), in the reader's scope, name and phone disclosed by the one rule. */
export interface CustomerRecords {
  /** By VIN or phone; a number finds only the records whose number the reader may see in clear. */
  find(actor: Actor, query: { vin?: string; phone?: string }): Promise<CustomerRecord[]>;
  get(actor: Actor, customerId: string): Promise<CustomerRecord | undefined>;
}

/** The SLA deadlines read model. */
export interface DeadlineQueries {
  /** One case's deadlines: live, or as they stood at `at` when `asOf` is true. */
  ofCase(caseId: string, at: string, asOf: boolean): Promise<DeadlineView[]>;
  /**
   * One case's live deadlines at `at` once its event `answered` (its revision and log position) is
   * applied, whether or not the read model has applied it yet: what it has not applied of the case is
   * folded in memory, so a command's answer need not wait for the read model.
   */
  readonly ofCaseAfter: (
    caseType: string,
    caseId: string,
    answered: { readonly revision: number; readonly position: number },
    at: string,
  ) => Promise<DeadlineView[]>;
  list(filter: DeadlineFilter): Promise<{ rows: DeadlineRow[]; next: number | null }>;
  report(options: {
    from?: string;
    to?: string;
    groupBy: ReportGrouping;
    scope?: ReadScope;
    now: string;
  }): Promise<ReportGroup[]>;
  /** Deadlines by status now, for the Prometheus gauge. */
  countsByStatus(): Promise<Record<string, number>>;
}

/** The reports read model (docs/reports.md). */
export interface ReportReads {
  /** The report of that name, or undefined when there is none. */
  run(name: string, query: ReportQuery): Promise<ReportResult | undefined>;
}

/** The auditor's reads: the audit index, exports with their anchor, and verification of the store. */
export interface AuditReads {
  page(filter: AuditFilter): Promise<{ rows: AuditEventRow[]; next: number | null }>;
  /** Every selected row, oldest first, read as it is consumed (no page is held). */
  rows(filter: Omit<AuditFilter, 'limit'>): AsyncIterable<AuditEventRow>;
  /** The newest anchor an export fully contains (see exportAnchor); null when nothing is anchored. */
  exportAnchor(request: ExportAnchorRequest): Promise<Record<string, unknown> | null>;
  /** The JSON Lines export: the anchor line, then each selected event as the store recorded it. */
  jsonLines(
    anchor: Record<string, unknown> | null,
    rows: AsyncIterable<AuditEventRow>,
  ): AsyncIterable<string>;
  /** One JSON line per case with problems (within `inScope` when given), then a summary. */
  verifyStore(inScope?: (owner: StreamOwner) => boolean): AsyncIterable<string>;
  verifyCase(caseType: string, caseId: string): Promise<VerificationReport>;
}

/** Where the event log ends now. */
export interface LogHead {
  headPosition(): Promise<number>;
}

/** Whether the store answers, and the engine's gauges for the metrics endpoint. */
export interface StoreHealth extends LogHead {
  readonly storeName: string;
  /** A round trip to the store; rejects when it does not answer. */
  ping(): Promise<void>;
  /** The position every read model has applied. */
  readonly projectedPosition: number;
  readonly caseSnapshots: CaseSnapshotCounts;
  /** The group commits of this process (SQLite and PostgreSQL; `writer` only for SQLite); undefined on EventStoreDB. */
  commits(): { writer?: 'writer thread' | 'event loop'; groups: number; appends: number } | undefined;
  /** The WAL checkpoint thread; undefined where checkpoints are left to SQLite. */
  walCheckpoints(): CheckpointState | undefined;
}

/** Erasure of a case's personal data (crypto-shredding) and its record. */
export interface PersonalDataErasure {
  /** Records the erasure and destroys the case's key; refused where this deployment seals nothing. */
  erase(request: {
    readonly caseType: string;
    readonly caseId: string;
    readonly actor: Actor;
    readonly reason: string;
    readonly correlationId?: string;
  }): Promise<ErasureRecord>;
  recordOf(caseId: string): Promise<ErasureRecord | undefined>;
}

/** Documents attached to cases (CaseAttachments): add, list, open; sealed under the case key. */
export type CaseAttachmentsPort = Pick<CaseAttachments, 'rules' | 'add' | 'list' | 'open'>;

/** Approvers' absences and their delegates; declaring and revoking record events. */
export type DelegationPort = Pick<
  DelegationBook,
  'declare' | 'revoke' | 'find' | 'list' | 'actingForNow' | 'openTo'
>;

/** Every port the runtime offers its callers. */
export interface RuntimePorts {
  readonly commands: CaseCommandExecutor;
  readonly progress: ReadModelProgress;
  readonly cases: CaseReads;
  readonly caseLists: CaseLists;
  readonly disclosure: PersonalDataDisclosurePort;
  readonly customers: CustomerRecords;
  readonly deadlines: DeadlineQueries;
  readonly reports: ReportReads;
  readonly audit: AuditReads;
  readonly logHead: LogHead;
  readonly health: StoreHealth;
  readonly erasure: PersonalDataErasure;
  readonly attachments: CaseAttachmentsPort;
  readonly delegations: DelegationPort;
  readonly clock: Clock;
  readonly registry: WorkflowRegistry;
}
