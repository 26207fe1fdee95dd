import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { PhoneFingerprints, PostgresCustomerRecordsProjection } from '../customers/index.js';
import {
  PostgresDelegationQueries,
  PostgresDelegationsProjection,
  type DelegationReads,
} from '../delegation/index.js';
import { postgresPool, type EventStore } from '../event-store/index.js';
import type { Clock, WorkflowModule } from '../kernel/index.js';
import type { PersonalDataKeyVault } from '../personal-data/index.js';
import {
  PostgresAuditIndexProjection,
  PostgresCasesProjection,
  PostgresProjectionRunner,
} from '../projections/index.js';
import { PostgresReportsProjection, reportFactsOf } from '../reports/index.js';
import { PostgresDeadlineProjection, type DeadlinePolicy } from '../sla/index.js';
import type { WorkflowRegistry } from '../workflow-engine/index.js';
import { sharedReadModelQueries, type ReadModelQueries, type ReadModelRunner } from './read-model-queries.js';

export interface SharedReadModels {
  readonly runner: ReadModelRunner;
  readonly queries: ReadModelQueries;
  /** What the delegation book reads (the engine consults it on a delegate's command). */
  readonly delegations: DelegationReads;
  /** Stops the runner (its duties go to other nodes) and closes every connection. */
  close(): Promise<void>;
}

/**
 * The read models every node shares in the PostgreSQL database (READ_MODELS=shared): each projection is
 * applied by the one node holding its duty, and every node reads them through a pool of its own. The
 * same projections, in the same order, as the local read models of `EngineRuntime`.
 */
export async function openSharedReadModels(
  config: AppConfig,
  parts: {
    readonly store: EventStore;
    readonly registry: WorkflowRegistry;
    readonly workflows: readonly WorkflowModule[];
    readonly policy: DeadlinePolicy;
    readonly vault: PersonalDataKeyVault | undefined;
    readonly clock: Clock;
    readonly logger: Logger;
  },
): Promise<SharedReadModels> {
  const connectionString = config.databaseUrl!;
  const runner = await PostgresProjectionRunner.open(
    parts.store,
    [
      new PostgresCasesProjection(parts.registry),
      new PostgresAuditIndexProjection(),
      new PostgresDeadlineProjection(parts.policy),
      new PostgresCustomerRecordsProjection(parts.workflows, parts.vault),
      new PostgresReportsProjection(reportFactsOf(parts.workflows)),
      new PostgresDelegationsProjection(),
    ],
    {
      connectionString,
      takeoverAfterMs: config.dutyTakeoverMs,
      onError: (error, projection) =>
        parts.logger.error({ err: error, projection }, 'projection failed; retrying'),
    },
  );
  const pool = postgresPool({ connectionString, max: 4, name: 'engine read models' });
  const queries = sharedReadModelQueries(pool, {
    phones: new PhoneFingerprints(parts.vault),
    clock: parts.clock,
    answers: { policy: parts.policy, store: parts.store },
  });
  return {
    runner,
    queries,
    delegations: new PostgresDelegationQueries(pool),
    close: async () => {
      await runner.close();
      await pool.end().catch(() => undefined);
    },
  };
}
