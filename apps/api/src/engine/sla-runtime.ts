import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Projection } from '../../../../libs/projections/projection.js';
import type { EngineRuntime } from '../../../../libs/runtime/engine-runtime.js';
import type { WorkflowModule } from '../../../../libs/kernel/index.js';
import {
  DeadlineProjection,
  SlaSweeper,
  deadlineCounts,
  deadlinesOfCase,
  deadlinePolicyOf,
  policyFromEnvironment,
  sweepIntervalFromEnvironment,
  type DeadlinePolicy,
} from '../../../../libs/sla/index.js';
import type { DeadlineView } from '../../../../libs/workflow-engine/index.js';
import { PostgresAdvisoryDuty } from '../../../../libs/event-store/postgres/postgres-advisory-duty.js';
import type { AppConfig } from '../config/app-config.js';

export interface SlaRuntimeParts {
  readonly policy: DeadlinePolicy;
  readonly sweepIntervalMs: number;
  readonly projections: (readModels: Database.Database) => readonly Projection[];
  readonly deadlineReader: (
    readModels: Database.Database,
    caseId: string,
    at: string,
    asOf: boolean,
  ) => DeadlineView[];
  readonly deadlineCounter: (readModels: Database.Database, now: string) => Record<string, number>;
  /** The sweeper once started (in the API for the embedded default, or in the worker). */
  sweeper(): SlaSweeper | undefined;
  startSweeper(runtime: EngineRuntime, logger: Logger): void;
  stopSweeper(): Promise<void>;
}

/** The SLA policy from configuration (validated at start) and the parts the runtime plugs in. */
export function slaRuntimeParts(config: AppConfig, workflows: readonly WorkflowModule[]): SlaRuntimeParts {
  const policy = policyFromEnvironment(config.environment, deadlinePolicyOf(workflows));
  const sweepIntervalMs = sweepIntervalFromEnvironment(config.environment);
  let sweeper: SlaSweeper | undefined;
  return {
    policy,
    sweepIntervalMs,
    projections: () => [new DeadlineProjection(policy)],
    deadlineReader: deadlinesOfCase,
    deadlineCounter: deadlineCounts,
    sweeper: () => sweeper,
    startSweeper(runtime, logger) {
      sweeper = new SlaSweeper(
        runtime.readModels,
        runtime.engine,
        runtime.clock,
        policy,
        logger.child({ component: 'sla-sweeper' }),
        500,
        // Several nodes share a PostgreSQL store: one sweeps at a time, another takes over when it dies.
        config.eventStore === 'postgres'
          ? new PostgresAdvisoryDuty(config.databaseUrl!, 'sla-sweeper')
          : undefined,
      );
      sweeper.start(sweepIntervalMs);
      runtime.onClose(() => this.stopSweeper());
    },
    async stopSweeper() {
      await sweeper?.stop();
    },
  };
}
