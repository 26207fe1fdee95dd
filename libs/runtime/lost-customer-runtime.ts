import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { LostCustomerSweep } from '../customers/index.js';
import { PostgresAdvisoryDuty } from '../event-store/index.js';
import { ConfigurationError, type CaseContext, type WorkflowModule } from '../kernel/index.js';
import type { PersonalDataKeyVault } from '../personal-data/index.js';
import { parseIsoDuration } from '../sla/index.js';
import type { EngineRuntime } from './engine-runtime.js';

/**
 * The lost-customer sweep (docs/follow-ups.md "Lost customers"), started where the SLA sweeper runs and
 * on the same interval; absent when LOST_CUSTOMER_PERIOD is off or no workflow records the callback.
 * Two modules declaring a callback stop the start: the sweep would record two.
 */
export function lostCustomerSweepFactory(
  config: AppConfig,
  workflows: readonly WorkflowModule[],
):
  | ((runtime: EngineRuntime, vault: PersonalDataKeyVault | undefined, logger: Logger) => LostCustomerSweep)
  | undefined {
  const declaring = workflows.filter((module) => module.lostCustomerCallback !== undefined);
  if (declaring.length > 1)
    throw new ConfigurationError([
      `Only one workflow may record lost-customer callbacks: ${declaring.map((module) => module.caseType).join(', ')}`,
    ]);
  const callback = declaring[0]?.lostCustomerCallback;
  if (callback === undefined || config.lostCustomerPeriod === null) return undefined;
  const period = parseIsoDuration(config.lostCustomerPeriod);
  return (runtime, vault, logger) =>
    new LostCustomerSweep(
      runtime.queries.lostCustomers,
      callback,
      {
        executor: {
          execute: (command) => runtime.engine.execute(command).finally(() => runtime.runner.wake()),
        },
        load: async (caseType, caseId) =>
          (await runtime.repository.load(caseType, caseId))?.snapshot.context as CaseContext | undefined,
      },
      vault,
      runtime.clock,
      period,
      logger.child({ component: 'lost-customer-sweep' }),
      config.eventStore === 'postgres'
        ? new PostgresAdvisoryDuty(config.databaseUrl!, 'lost-customer-sweep', {
            takeoverAfterMs: config.dutyTakeoverMs,
          })
        : undefined,
    );
}
