import { join } from 'node:path';
import type { Logger } from 'pino';
import { PersonalDataVault } from '../../../../libs/personal-data/personal-data-vault.js';
import { preparePrivateDirectory } from '../../../../libs/event-store/sqlite/private-files.js';
import { systemClock, type Clock } from '../../../../libs/kernel/index.js';
import { EngineRuntime } from '../../../../libs/runtime/engine-runtime.js';
import type { AppConfig } from '../config/app-config.js';
import { openEventStore } from './open-event-store.js';
import { defaultWorkflows } from './default-workflows.js';
import { slaRuntimeParts, type SlaRuntimeParts } from './sla-runtime.js';
import { readPolicySet } from './warranty-policies.js';
import type { PolicySet } from '../../../../workflows/warranty-claim/eligibility/policy.js';

export interface OpenedRuntime extends EngineRuntime {
  readonly sla: SlaRuntimeParts;
}

/** The store chosen by configuration, every registered workflow, and the read models — caught up. */
export async function openRuntime(
  config: AppConfig,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<EngineRuntime & { sla: SlaRuntimeParts; warrantyPolicies: PolicySet }> {
  const store = await openEventStore(config, clock, logger);
  preparePrivateDirectory(config.dataDir);
  const warrantyPolicies = readPolicySet(config.warrantyPolicyDir);
  const registry = defaultWorkflows(config, warrantyPolicies);
  const sla = slaRuntimeParts(config);
  const runtime = new EngineRuntime({
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
    vault: new PersonalDataVault(join(config.dataDir, 'personal-data.sqlite')),
    logger,
  });
  await runtime.runner.catchUp();
  return Object.assign(runtime, { sla, warrantyPolicies });
}
