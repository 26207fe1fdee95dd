import type { Logger } from 'pino';
import { CommandPayloadValidator } from '../command-schema/index.js';
import type { AppConfig } from '../config/index.js';
import { CustomerRecordsProjection } from '../customers/index.js';
import { preparePrivateDirectory, type EventStore } from '../event-store/index.js';
import type { WebhookOutbox } from '../integrations/index.js';
import { releasedDefinitions, systemClock, type Clock, type WorkflowModule } from '../kernel/index.js';
import type { PersonalDataKeyVault } from '../personal-data/index.js';
import type { AttachmentBlobStore } from '../attachments/index.js';
import { WorkflowRegistry, type PayloadValidator } from '../workflow-engine/index.js';
import { ReportsProjection, reportFactsOf } from '../reports/index.js';
import { DataDirLock } from './data-dir-lock.js';
import { openWebhookOutbox } from './integrations-runtime.js';
import { openEventStore } from './open-event-store.js';
import { openPersonalDataVault } from './open-personal-data-vault.js';
import { openAttachmentBlobs, requiredDocumentsOf } from './attachments-runtime.js';
import type { PostgresCaseSnapshots } from './postgres-case-snapshots.js';
import { Runtime } from './runtime.js';
import { lostCustomerSweepFactory } from './lost-customer-runtime.js';
import { slaRuntimeParts } from './sla-runtime.js';
import { openSharedReadModels, type SharedReadModels } from './shared-read-models.js';

/**
 * What the opening process does with the DATA_DIR (docs/operations.md "One process per role"):
 * `api` serves commands; `projector` feeds the read models, sweeps SLA deadlines and writes audit anchors —
 * `required` refuses to start while another process holds it and keeps it for the process's life;
 * `catch-up-if-free` takes it only when nobody holds it, catches the read models up and lets it go again
 * (the CLI's read-only commands, an API beside a separate worker): while a holder runs, its read models
 * are its own to feed.
 */
export interface RuntimeRoles {
  readonly api: boolean;
  readonly projector: 'required' | 'catch-up-if-free' | 'none';
  /** Named in the lock's holder note, for the message a refused process prints. */
  readonly command: string;
}

export interface OpenRuntimeOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly roles?: RuntimeRoles;
  /** The workflows to run: the registered ones (workflows/registered-workflows.ts) or a test's own. */
  readonly workflows: readonly WorkflowModule[];
}

/**
 * The composition root: the store chosen by configuration, the given workflows with their SLA clocks,
 * the personal-data vault, the webhook outbox and the read models — caught up where this process feeds
 * them. A setting the workflows refuse stops the start before any lock is taken or file opened.
 */
export async function openRuntime(config: AppConfig, options: OpenRuntimeOptions): Promise<Runtime> {
  const { logger, workflows } = options;
  const clock = options.clock ?? systemClock;
  const roles = options.roles ?? { api: false, projector: 'required', command: 'engine' };
  const sla = slaRuntimeParts(config, workflows);
  const lostCustomers = lostCustomerSweepFactory(config, workflows);
  preparePrivateDirectory(config.dataDir);
  // Taken before any file is opened: a refused process must not touch the store or the read models.
  const locks: DataDirLock[] = [];
  const release = (): void => locks.forEach((lock) => lock.release());
  try {
    if (roles.api) locks.push(DataDirLock.acquire(config.dataDir, 'api', roles.command));
    if (roles.projector === 'required')
      locks.push(DataDirLock.acquire(config.dataDir, 'projector', roles.command));
  } catch (error) {
    release();
    throw error;
  }
  const projects = roles.projector === 'required';
  const catchingUp =
    roles.projector === 'catch-up-if-free'
      ? DataDirLock.tryAcquire(config.dataDir, 'projector', `${roles.command} (catching up)`)
      : undefined;
  let runtime: Runtime;
  let store: EventStore | undefined;
  let vault: PersonalDataKeyVault | undefined;
  let integrations: WebhookOutbox | undefined;
  let blobs: AttachmentBlobStore | undefined;
  let snapshots: PostgresCaseSnapshots | undefined;
  let shared: SharedReadModels | undefined;
  try {
    store = await openEventStore(config, clock, logger);
    vault = await openPersonalDataVault(config, logger);
    integrations = await openWebhookOutbox(config, { store, vault, workflows }, logger);
    blobs = await openAttachmentBlobs(config);
    snapshots = await openSharedCaseSnapshots(config);
    const registry = new WorkflowRegistry(releasedDefinitions(workflows));
    if (config.readModels === 'shared')
      shared = await openSharedReadModels(config, {
        store,
        registry,
        workflows,
        policy: sla.policy,
        vault,
        clock,
        logger,
      });
    runtime = new Runtime(
      {
        store,
        registry,
        clock,
        dataDir: config.dataDir,
        caseCacheSize: config.caseCacheSize,
        caseSnapshotInterval: config.caseSnapshotInterval,
        ...(snapshots !== undefined ? { caseSnapshots: snapshots } : {}),
        ...(shared !== undefined ? { sharedReadModels: shared } : {}),
        walCheckpointIntervalMs: config.walCheckpointIntervalMs,
        extraProjections: (readModels) => [
          ...sla.projections(readModels),
          new CustomerRecordsProjection(workflows, vault),
          new ReportsProjection(reportFactsOf(workflows)),
        ],
        localDeadlines: sla.localDeadlines,
        vault,
        validatePayload: validatorOf(workflows),
        auditAnchors: config.auditAnchors,
        requiredDocuments: requiredDocumentsOf(workflows),
        attachments: { blobs, rules: config.attachments },
        logger,
      },
      {
        workflows,
        sla,
        integrations,
        projects,
        sweeps: config.sweeps,
        logger,
        ...(lostCustomers !== undefined
          ? { lostCustomerSweep: (built, log) => lostCustomers(built, vault, log) }
          : {}),
      },
    );
  } catch (error) {
    await shared?.close();
    await integrations?.close();
    await snapshots?.close();
    await blobs?.close();
    await vault?.close();
    await store?.close();
    catchingUp?.release();
    release();
    throw error;
  }
  runtime.releaseOnClose(release);
  if (projects) await runtime.runner.catchUp();
  if (catchingUp !== undefined) {
    try {
      await runtime.runner.catchUp();
    } finally {
      catchingUp.release();
    }
    // An API beside no worker: its lists, queues and deadlines stop at this catch-up (shared read models
    // are fed by whichever processes hold them).
    if (roles.api && shared === undefined)
      logger.warn(
        { dataDir: config.dataDir },
        'IN_PROCESS_WORKER=false and no worker holds the projector role of this DATA_DIR: the read models were caught up once and will not move until `npm run start:worker` runs on the same DATA_DIR',
      );
  }
  return runtime;
}

/** With a PostgreSQL store, case snapshots go to the database every node shares (loaded only then). */
async function openSharedCaseSnapshots(config: AppConfig): Promise<PostgresCaseSnapshots | undefined> {
  if (config.eventStore !== 'postgres' || config.caseSnapshotInterval === 0) return undefined;
  const { PostgresCaseSnapshots } = await import('./postgres-case-snapshots.js');
  return new PostgresCaseSnapshots({ connectionString: config.databaseUrl! });
}

function validatorOf(workflows: readonly WorkflowModule[]): PayloadValidator {
  const validator = new CommandPayloadValidator(workflows);
  return (caseType, action, data) => validator.validate(caseType, action, data);
}
