import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Projection } from '../projections/index.js';
import type { EngineRuntime } from './engine-runtime.js';
import { ConfigurationError, type WorkflowModule } from '../kernel/index.js';
import {
  DeadlineProjection,
  SlaConfigurationError,
  SlaSweeper,
  deadlineCounts,
  deadlinesOfCase,
  deadlinePolicyOf,
  policyFromEnvironment,
  storedCaseDeadlines,
  sweepIntervalFromEnvironment,
  type DeadlinePolicy,
} from '../sla/index.js';
import type { LocalDeadlineReads } from './read-model-queries.js';
import { PostgresAdvisoryDuty } from '../event-store/index.js';
import type { AppConfig } from '../config/index.js';

export interface SlaRuntimeParts {
  readonly policy: DeadlinePolicy;
  readonly sweepIntervalMs: number;
  readonly projections: (readModels: Database.Database) => readonly Projection[];
  /** One case's deadlines and the counts by status, over the local read models. */
  readonly localDeadlines: LocalDeadlineReads;
  /** The sweeper once started (in the API for the embedded default, or in the worker). */
  sweeper(): SlaSweeper | undefined;
  startSweeper(runtime: EngineRuntime, logger: Logger): void;
  stopSweeper(): Promise<void>;
}

/**
 * The workflows' clocks with the SLA_* overrides of configuration applied, and the parts the runtime
 * plugs in. An override naming no clock of these workflows stops the start as any bad setting does.
 */
export function slaRuntimeParts(config: AppConfig, workflows: readonly WorkflowModule[]): SlaRuntimeParts {
  const { policy, sweepIntervalMs } = configuredSla(config, workflows);
  let sweeper: SlaSweeper | undefined;
  return {
    policy,
    sweepIntervalMs,
    projections: () => [new DeadlineProjection(policy)],
    localDeadlines: { ofCase: deadlinesOfCase, stored: storedCaseDeadlines, policy, counts: deadlineCounts },
    sweeper: () => sweeper,
    startSweeper(runtime, logger) {
      sweeper = new SlaSweeper(
        (now, limit) => runtime.queries.dueDeadlines(now, limit),
        runtime.engine,
        runtime.clock,
        policy,
        logger.child({ component: 'sla-sweeper' }),
        500,
        // Several nodes share a PostgreSQL store: one sweeps at a time, another takes over when it dies.
        config.eventStore === 'postgres'
          ? new PostgresAdvisoryDuty(config.databaseUrl!, 'sla-sweeper', {
              takeoverAfterMs: config.dutyTakeoverMs,
            })
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

function configuredSla(
  config: AppConfig,
  workflows: readonly WorkflowModule[],
): { policy: DeadlinePolicy; sweepIntervalMs: number } {
  try {
    return {
      policy: policyFromEnvironment(config.environment, deadlinePolicyOf(workflows)),
      sweepIntervalMs: sweepIntervalFromEnvironment(config.environment),
    };
  } catch (error) {
    if (error instanceof SlaConfigurationError) throw new ConfigurationError(error.problems);
    throw error;
  }
}
