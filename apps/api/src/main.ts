import { ConfigurationError, loadConfig } from '../../../libs/config/index.js';
import { DATA_DIR_LOCKED_EXIT_CODE, DataDirLockedError, createLogger } from '../../../libs/runtime/index.js';
import { createApp } from './create-app.js';

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
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const { app, consoleServed } = await createApp(config, { logger });
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.info({ url: base, store: config.eventStore, dataDir: config.dataDir }, 'engine listening');
  if (!config.production) {
    console.log(
      [
        '',
        `  After-sales workflow engine listening on ${base}`,
        `  Store: ${config.eventStore === 'sqlite' ? `SQLite in ${config.dataDir}` : 'EventStoreDB'}`,
        consoleServed
          ? `  Web console: ${base}/${config.auth.devTokens ? '   (dev sign-in: pick a role, dealer and region)' : ''}`
          : '  Web console: not built (npm run build)',
        `  API docs: ${base}/docs   Health: ${base}/health`,
        '  Get a token:  npm run token -- --sub alice --roles customer_service --dealer D001 --region R01',
        `  Then:         curl -H "Authorization: Bearer $TOKEN" ${base}/api/v1/work-queue`,
        '',
      ].join('\n'),
    );
  }
}

main().catch((error: unknown) => {
  // Settings only the workflows can judge (reference data, SLA overrides) are refused while opening.
  if (error instanceof ConfigurationError) {
    console.error(error.message);
    process.exit(78);
  }
  if (error instanceof DataDirLockedError) {
    console.error(`The engine refused to start: ${error.message}`);
    process.exit(DATA_DIR_LOCKED_EXIT_CODE);
  }
  console.error('The engine failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
