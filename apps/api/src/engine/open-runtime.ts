import type { Logger } from 'pino';
import { preparePrivateDirectory } from '../../../../libs/event-store/sqlite/private-files.js';
import { systemClock, type Clock } from '../../../../libs/kernel/index.js';
import { DataDirLock } from '../../../../libs/runtime/data-dir-lock.js';
import { EngineRuntime } from '../../../../libs/runtime/engine-runtime.js';
import type { AppConfig } from '../config/app-config.js';
import { openEventStore } from './open-event-store.js';
import { openPersonalDataVault } from './open-personal-data-vault.js';
import { openWebhookOutbox } from './integrations-runtime.js';
import type { WebhookOutbox } from '../../../../libs/integrations/webhook-outbox.js';
import { defaultWorkflowModules } from './default-workflows.js';
import { CommandPayloadValidator } from '../../../../libs/command-schema/index.js';
import { releasedDefinitions, type WorkflowModule } from '../../../../libs/kernel/index.js';
import { WorkflowRegistry, type PayloadValidator } from '../../../../libs/workflow-engine/index.js';
import { slaRuntimeParts, type SlaRuntimeParts } from './sla-runtime.js';
import { readPolicySet } from './warranty-policies.js';
import type { PolicySet } from '../../../../workflows/warranty-claim/eligibility/policy.js';

export interface OpenedRuntime extends EngineRuntime {
  readonly sla: SlaRuntimeParts;
}

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

export type Runtime = EngineRuntime & {
  sla: SlaRuntimeParts;
  warrantyPolicies: PolicySet;
  /** The workflow modules this process runs (the registry holds their released versions). */
  workflows: WorkflowModule[];
  /** Whether this process feeds the read models for its life (holds the projector lock). */
  projects: boolean;
  /** Webhook subscriptions and their outbox; delivering is started only where `projects` is true. */
  integrations: WebhookOutbox;
};

/** The store chosen by configuration, every registered workflow, and the read models — caught up. */
export async function openRuntime(
  config: AppConfig,
  logger: Logger,
  clock: Clock = systemClock,
  roles: RuntimeRoles = { api: false, projector: 'required', command: 'engine' },
  /** The workflows to run; by default the registered ones (workflows/registered-workflows.ts). */
  modules?: readonly WorkflowModule[],
): Promise<Runtime> {
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
  let runtime: EngineRuntime;
  let sla: SlaRuntimeParts;
  let warrantyPolicies: PolicySet;
  let workflows: WorkflowModule[];
  try {
    const store = await openEventStore(config, clock, logger);
    const vault = await openPersonalDataVault(config, logger);
    warrantyPolicies = readPolicySet(config.warrantyPolicyDir);
    workflows = modules ? [...modules] : defaultWorkflowModules(config, warrantyPolicies);
    const registry = new WorkflowRegistry(releasedDefinitions(workflows));
    sla = slaRuntimeParts(config, workflows);
    runtime = new EngineRuntime({
      store,
      registry,
      clock,
      dataDir: config.dataDir,
      caseCacheSize: config.caseCacheSize,
      caseSnapshotInterval: config.caseSnapshotInterval,
      walCheckpointIntervalMs: config.walCheckpointIntervalMs,
      extraProjections: sla.projections,
      deadlineReader: sla.deadlineReader,
      deadlineCounter: sla.deadlineCounter,
      vault,
      validatePayload: validatorOf(workflows),
      auditAnchors: config.auditAnchors,
      logger,
    });
  } catch (error) {
    catchingUp?.release();
    release();
    throw error;
  }
  let integrations: WebhookOutbox;
  try {
    integrations = openWebhookOutbox(config, runtime, logger);
  } catch (error) {
    catchingUp?.release();
    await runtime.close();
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
  }
  return Object.assign(runtime, { sla, warrantyPolicies, workflows, projects, integrations });
}

function validatorOf(workflows: readonly WorkflowModule[]): PayloadValidator {
  const validator = new CommandPayloadValidator(workflows);
  return (caseType, action, data) => validator.validate(caseType, action, data);
}
