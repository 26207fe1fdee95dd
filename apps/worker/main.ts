import { ConfigurationError, loadConfig } from '../../libs/config/index.js';
import {
  DATA_DIR_LOCKED_EXIT_CODE,
  DataDirLockedError,
  createLogger,
  openRuntime,
} from '../../libs/runtime/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';

/**
 * The projection runner and the SLA sweeper as their own process, for deployments where the API runs
 * with IN_PROCESS_WORKER=false on the same DATA_DIR (docs/operations.md "One process per role").
 */
// Whatever this process creates in DATA_DIR (event log, keys, read models, secrets, locks) is its user's
// alone; the SQLite files are also created 0600 explicitly (private-files.ts), for embedders and tests.
process.umask(0o077);

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, {
    logger,
    roles: { api: false, projector: 'required', command: 'worker' },
    workflows: loadRegisteredWorkflows(config.environment),
  });
  await runtime.startBackgroundWork();
  logger.info(
    { store: config.eventStore },
    'worker started: projections, SLA sweeper, audit anchors and webhook deliveries',
  );
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping');
    await runtime.sla.stopSweeper();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  // Settings only the workflows can judge (reference data, SLA overrides) are refused while opening.
  if (error instanceof ConfigurationError) {
    console.error(error.message);
    process.exit(78);
  }
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(DATA_DIR_LOCKED_EXIT_CODE);
  }
  console.error('The worker failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
