import Database from 'better-sqlite3';
import { join } from 'node:path';
import { AuditAnchorFile, AuditAnchorWriter } from '../audit-anchor/index.js';
import { preparePrivateDirectory, preparePrivateFile, type EventStore } from '../event-store/index.js';
import type { Clock, RequiredDocuments } from '../kernel/index.js';
import { CaseAttachments, type AttachmentBlobStore, type AttachmentRules } from '../attachments/index.js';
import {
  AuditIndexProjection,
  CaseQueries,
  CasesProjection,
  ProjectionRunner,
  type Projection,
} from '../projections/index.js';
import { CustomerRecordQueries, PhoneFingerprints } from '../customers/index.js';
import { DelegationBook, DelegationsProjection, SqliteDelegationReads } from '../delegation/index.js';
import {
  PersonalDataDisclosure,
  PersonalDataVault,
  sealedSubjectsIn,
  type PersonalDataKeyVault,
} from '../personal-data/index.js';
import {
  CaseRepository,
  PersonalDataEraser,
  WorkflowEngine,
  type CaseSnapshotStore,
  type PayloadValidator,
  type WorkflowRegistry,
} from '../workflow-engine/index.js';
import { migrateSqliteFile } from '../sqlite-migrations/index.js';
import { READ_MODELS_FILE } from './read-models-file.js';
import { SqliteCaseSnapshots } from './sqlite-case-snapshots.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import {
  localReadModelQueries,
  type LocalDeadlineReads,
  type ReadModelQueries,
  type ReadModelRunner,
} from './read-model-queries.js';
import type { SharedReadModels } from './shared-read-models.js';

export interface RuntimeLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface EngineRuntimeOptions {
  readonly store: EventStore;
  readonly registry: WorkflowRegistry;
  readonly clock: Clock;
  /** Read models live in `${dataDir}/readmodels.sqlite` (or in memory when `dataDir` is ':memory:'). */
  readonly dataDir: string;
  readonly caseCacheSize?: number;
  /**
   * A case snapshot (kept beside the read models) after every this many events of a case, so a cold load
   * folds at most this many; 0 keeps none. Default 32.
   */
  readonly caseSnapshotInterval?: number;
  /**
   * Where the case snapshots are kept: by default in the read models' file; with a PostgreSQL store, in
   * the database every node shares. Closed with the runtime.
   */
  readonly caseSnapshots?: CaseSnapshotStore & { close?(): Promise<void> };
  readonly projectionPollMs?: number;
  /**
   * How often a thread of its own checkpoints the read models' and the vault's WAL (ms), so the event loop
   * never copies a log into its database between two commands; 0 leaves it to SQLite, inside whichever
   * commit crosses 1,000 pages. Default 500. Files in memory have no WAL and are left alone.
   */
  readonly walCheckpointIntervalMs?: number;
  /** Projections beyond the generic case list (SLA deadlines, audit index, …). */
  readonly extraProjections?: (readModels: Database.Database) => readonly Projection[];
  /** One case's deadlines and the counts by status, where the SLA read model is in the local file. */
  readonly localDeadlines?: LocalDeadlineReads;
  /**
   * The read models every node shares in PostgreSQL (READ_MODELS=shared): their runner and queries take
   * the place of this node's `readmodels.sqlite` for every read and are closed with the runtime.
   */
  readonly sharedReadModels?: SharedReadModels;
  /**
   * Where personal data is sealed per case (crypto-shredding): the SQLite vault beside an embedded store, the
   * PostgreSQL one beside the PostgreSQL store; absent: recorded as given.
   */
  readonly vault?: PersonalDataKeyVault;
  /** Validates every command's payload with its workflow's schema (see WorkflowEngineOptions). */
  readonly validatePayload?: PayloadValidator;
  /**
   * Where the audit anchors are kept (a file apart from the event log) and how often the process that runs
   * the projections anchors new events; absent: no anchors (truncation of the log cannot be told).
   */
  readonly auditAnchors?: { readonly path: string; readonly intervalMs: number };
  /** By case type: documents an action needs attached first (each module's `requiredDocuments`). */
  readonly requiredDocuments?: ReadonlyMap<string, RequiredDocuments>;
  /**
   * Where attachment blobs are kept and what an attachment may be; absent (or without a vault, which
   * seals them): no attachments.
   */
  readonly attachments?: { readonly blobs: AttachmentBlobStore; readonly rules: AttachmentRules };
  readonly logger: RuntimeLogger;
}

/**
 * The engine's parts wired together, without any framework: the API, the worker, the CLI and the tests
 * all build the same runtime, so there is exactly one command path and one way projections are fed.
 */
export class EngineRuntime {
  readonly repository: CaseRepository;
  readonly engine: WorkflowEngine;
  readonly readModels: Database.Database;
  /** Feeds the read models: this node's own file, or those every node shares (`sharedReadModels`). */
  readonly runner: ReadModelRunner;
  /** Every query over the read models, wherever they are kept. */
  readonly queries: ReadModelQueries;
  /** The case list in this node's own file (the local read models). */
  readonly cases: CaseQueries;
  /** Absent when checkpoints are left to SQLite (see `walCheckpointIntervalMs`). */
  readonly checkpointer: WalCheckpointer | undefined;
  /** The audit anchors, for verification and exports (absent when not configured). */
  readonly anchors: AuditAnchorFile | undefined;
  private anchorWriter: AuditAnchorWriter | undefined;
  /** Who sees which personal data, on every read path (see PersonalDataDisclosure). */
  readonly disclosure: PersonalDataDisclosure;
  /** Records and carries out personal-data erasures; absent when nothing is sealed (no vault). */
  readonly eraser: PersonalDataEraser | undefined;
  /** Approvers' absences and their delegates (docs/approvals.md "Delegation"). */
  readonly delegations: DelegationBook;
  /** The customer records (客户档案), as stored: personal data sealed (see `CustomerRecordsProjection`). */
  readonly customers: CustomerRecordQueries;
  /** Documents attached to cases, sealed under the case key; absent without a vault or a blob store. */
  readonly attachments: CaseAttachments | undefined;
  private readonly stoppers: (() => Promise<void>)[] = [];
  private readonly afterClose: (() => void)[] = [];
  private closed = false;

  constructor(readonly options: EngineRuntimeOptions) {
    const { store, registry, clock } = options;
    this.readModels = openReadModels(options.dataDir);
    const snapshotInterval = options.caseSnapshotInterval ?? 32;
    this.repository = new CaseRepository(
      store,
      registry,
      options.caseCacheSize ?? 10_000,
      snapshotInterval > 0
        ? {
            store: options.caseSnapshots ?? new SqliteCaseSnapshots(this.readModels),
            interval: snapshotInterval,
          }
        : undefined,
    );
    const delegationsProjection = new DelegationsProjection();
    this.delegations = new DelegationBook(
      store,
      options.sharedReadModels?.delegations ?? new SqliteDelegationReads(this.readModels),
      clock,
    );
    this.engine = new WorkflowEngine(store, registry, this.repository, clock, {
      ...(options.vault !== undefined ? { vault: options.vault } : {}),
      ...(options.validatePayload !== undefined ? { validatePayload: options.validatePayload } : {}),
      delegations: this.delegations,
      ...(options.requiredDocuments !== undefined ? { requiredDocuments: options.requiredDocuments } : {}),
    });
    const projections = [
      new CasesProjection(registry),
      new AuditIndexProjection(),
      delegationsProjection,
      ...(options.extraProjections?.(this.readModels) ?? []),
    ];
    this.runner =
      options.sharedReadModels?.runner ??
      new ProjectionRunner(store, this.readModels, projections, {
        pollIntervalMs: options.projectionPollMs ?? 250,
        onError: (error, projection) =>
          options.logger.error({ err: error, projection }, 'projection failed; retrying'),
      });
    const hasDeadlines = projections.some((projection) => projection.name === 'sla_deadlines');
    this.cases = new CaseQueries(this.readModels, () => hasDeadlines);
    this.checkpointer = this.startCheckpointer(options);
    this.anchors = options.auditAnchors ? new AuditAnchorFile(options.auditAnchors.path) : undefined;
    this.eraser =
      options.vault !== undefined
        ? new PersonalDataEraser(store, registry, this.repository, options.vault, clock)
        : undefined;
    this.attachments =
      options.vault !== undefined && options.attachments !== undefined
        ? new CaseAttachments(
            store,
            options.vault,
            options.attachments.blobs,
            clock,
            options.attachments.rules,
          )
        : undefined;
    this.disclosure = new PersonalDataDisclosure(registry.all(), (value) => this.reveal(value));
    this.customers = new CustomerRecordQueries(this.readModels, new PhoneFingerprints(options.vault));
    this.queries =
      options.sharedReadModels?.queries ??
      localReadModelQueries({
        db: this.readModels,
        cases: this.cases,
        customers: this.customers,
        ...(options.localDeadlines !== undefined ? { deadlines: options.localDeadlines } : {}),
        store,
        clock,
      });
  }

  /**
   * Anchors the log now and then every interval, and once more on close. Only the process that runs the
   * projections does this (it holds the projector lock), so an anchor file has one writer.
   */
  async startAnchoring(): Promise<void> {
    if (this.anchors === undefined || this.anchorWriter !== undefined) return;
    const logger = this.options.logger;
    if (this.anchors.latest() === undefined && (await this.store.headPosition()) > 0) {
      logger.warn(
        { anchors: this.anchors.path },
        'No audit anchor yet over a log that has events: anchoring the log as it is now (docs/audit.md)',
      );
    }
    this.anchorWriter = new AuditAnchorWriter(this.store, this.anchors, this.clock, {
      intervalMs: this.options.auditAnchors!.intervalMs,
      onLogBehindAnchor: (anchor, headPosition) =>
        logger.error(
          { anchoredPosition: anchor.position, headPosition, anchors: this.anchors?.path },
          'The event log ends before its latest audit anchor: events were deleted or an older backup was restored; run audit verify --all',
        ),
      onError: (error) => logger.error({ err: error }, 'audit anchor failed; retrying at the next interval'),
    });
    // Not awaited: a first anchoring of a long log must not hold the server's start back.
    void this.anchorWriter.anchorNow();
    this.anchorWriter.start();
  }

  private startCheckpointer(options: EngineRuntimeOptions): WalCheckpointer | undefined {
    const intervalMs = options.walCheckpointIntervalMs ?? 500;
    const vaultFile = options.vault instanceof PersonalDataVault ? options.vault.db : undefined;
    const connections = [this.readModels, vaultFile].filter(
      (db): db is Database.Database => db !== undefined && !db.memory,
    );
    if (intervalMs <= 0 || connections.length === 0) return undefined;
    return new WalCheckpointer(connections, {
      intervalMs,
      onFailure: (error) => options.logger.error({ err: error }, 'WAL checkpoint thread failed'),
    });
  }

  get store(): EventStore {
    return this.options.store;
  }

  get registry(): WorkflowRegistry {
    return this.options.registry;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /** Background work (the SLA sweeper) to stop before anything else closes. */
  onClose(stop: () => Promise<void>): void {
    this.stoppers.push(stop);
  }

  /** Finishes in-flight commands, stops feeding projections, closes the store and the read models. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stop of this.stoppers) await stop();
    await this.engine.drain();
    await this.options.caseSnapshots?.close?.();
    await this.runner.stop();
    await this.options.sharedReadModels?.close();
    await this.anchorWriter?.stop();
    this.anchors?.close();
    await this.checkpointer?.close();
    await this.options.store.close();
    this.readModels.close();
    await this.options.vault?.close();
    await this.options.attachments?.blobs.close();
    for (const release of this.afterClose) release();
  }

  /** Released once everything is closed (the DATA_DIR locks). */
  releaseOnClose(release: () => void): void {
    this.afterClose.push(release);
  }

  /**
   * Fetches the current keys of every subject sealed anywhere in `values`, in one round trip, so the
   * disclosure that follows (without awaiting anything else) checks each key as it is now: an erasure by
   * any node before this read began shows. Every read path calls it before `disclosure.present`.
   */
  async loadKeysToDisclose(...values: readonly unknown[]): Promise<void> {
    if (this.options.vault === undefined) return;
    const subjects = new Set<string>();
    for (const value of values) sealedSubjectsIn(value, subjects);
    await this.options.vault.load(subjects);
  }

  /** Opens sealed personal data for a reader; `[erased]` where the key was destroyed. */
  reveal<T>(value: T): T {
    return this.options.vault?.openAll(value) ?? value;
  }
}

export function openReadModels(dataDir: string): Database.Database {
  if (dataDir === ':memory:') return migrated(new Database(':memory:'));
  preparePrivateDirectory(dataDir);
  preparePrivateFile(join(dataDir, 'readmodels.sqlite'));
  const db = new Database(join(dataDir, 'readmodels.sqlite'));
  db.pragma('journal_mode = WAL');
  // Read models are rebuildable from the log, so a lost last transaction after power loss costs a replay,
  // never data: NORMAL is enough here.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return migrated(db);
}

function migrated(readModels: Database.Database): Database.Database {
  migrateSqliteFile(readModels, READ_MODELS_FILE);
  return readModels;
}
