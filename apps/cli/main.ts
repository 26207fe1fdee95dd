import { parseArguments } from './cli-arguments.js';
import { TOKEN_USAGE, tokenCommand } from './token.command.js';

const USAGE = `Usage: npm run cli -- <command>
  token --sub <id> --roles <roles> [--dealer D] [--region R]   issue a dev token
  projections rebuild [name ...]                               drop and replay read models from the log
  docs                                                         regenerate the workflow diagrams in docs/
  personal-data erase --case <caseId> --reason <text> [--by <id>]  record the erasure, destroy the case's key
  personal-data legacy-fingerprints [--erased]                 events whose fingerprint predates keyed ones
  personal-data import-keys --from <personal-data.sqlite>      a SQLite vault's keys into the PostgreSQL store
  webhooks import-subscriptions --from <integrations.sqlite> [--key-file <webhook-secrets.key>]
                                                               the embedded store's webhook subscriptions and
                                                               undelivered events into the PostgreSQL store
  audit verify --all | --case <caseType> <caseId>              hash chain + re-decide every event
  audit export [--case <id>] [--from ISO] [--to ISO] [--format jsonl|csv]
  migrate                                                      apply the PostgreSQL store's migrations
  store export [--attachments DIR] > events.jsonl              every event of the configured store, in log order
                                                               (and the attachments' blobs into DIR)
  store import [--in events.jsonl] [--attachments DIR]         into an empty PostgreSQL store with the blobs from DIR,
                                                               then check every hash and blob
  attachments gc [--older-than HOURS] [--dry-run]              remove blobs no attachment record names (default 24 h)
${TOKEN_USAGE}`;

// Whatever this process creates in DATA_DIR (event log, keys, read models, secrets, locks) is its user's
// alone; the SQLite files are also created 0600 explicitly (private-files.ts), for embedders and tests.
process.umask(0o077);

async function main(argv: readonly string[]): Promise<void> {
  const { positional, options } = parseArguments(argv);
  const [command, subcommand, ...rest] = positional;
  switch (command) {
    case 'token':
      console.log(await tokenCommand(options));
      return;
    case 'projections': {
      if (subcommand !== 'rebuild') throw new Error(USAGE);
      const { rebuildProjections } = await import('./projections.command.js');
      console.log(await rebuildProjections(rest));
      return;
    }
    case 'audit': {
      const { auditExport, auditVerify } = await import('./audit.command.js');
      const write = (text: string): void => void process.stdout.write(text);
      if (subcommand === 'verify') process.exitCode = await auditVerify(rest, options, write);
      else if (subcommand === 'export') process.exitCode = await auditExport(options, write);
      else throw new Error(USAGE);
      return;
    }
    case 'migrate': {
      const { migrate } = await import('./store.command.js');
      process.exitCode = await migrate((text) => void process.stdout.write(text));
      return;
    }
    case 'store': {
      const { storeExport, storeImport } = await import('./store.command.js');
      const write = (text: string): void => void process.stdout.write(text);
      const report = (text: string): void => void process.stderr.write(text);
      if (subcommand === 'export') process.exitCode = await storeExport(options, write, report);
      else if (subcommand === 'import') process.exitCode = await storeImport(options, write);
      else throw new Error(USAGE);
      return;
    }
    case 'attachments': {
      if (subcommand !== 'gc') throw new Error(USAGE);
      const { attachmentsGc } = await import('./attachments.command.js');
      process.exitCode = await attachmentsGc(options, (text) => void process.stdout.write(text));
      return;
    }
    case 'docs': {
      const { writeDiagrams } = await import('./diagrams.command.js');
      const { loadConfig } = await import('../../libs/config/index.js');
      const { releasedDefinitions } = await import('../../libs/kernel/index.js');
      const { WorkflowRegistry } = await import('../../libs/workflow-engine/index.js');
      const { loadRegisteredWorkflows } = await import('../../workflows/registered-workflows.js');
      const workflows = loadRegisteredWorkflows(loadConfig().environment);
      const changed = writeDiagrams('docs', new WorkflowRegistry(releasedDefinitions(workflows)));
      console.log(
        changed.length > 0 ? `Updated diagrams in ${changed.join(', ')}` : 'Diagrams are up to date',
      );
      return;
    }
    case 'personal-data': {
      const { erasePersonalData, importPersonalDataKeys, listLegacyFingerprints } =
        await import('./personal-data.command.js');
      const write = (text: string): void => void process.stdout.write(text);
      if (subcommand === 'erase') process.exitCode = await erasePersonalData(options, write);
      else if (subcommand === 'legacy-fingerprints')
        process.exitCode = await listLegacyFingerprints(options, write);
      else if (subcommand === 'import-keys') process.exitCode = await importPersonalDataKeys(options, write);
      else throw new Error(USAGE);
      return;
    }
    case 'webhooks': {
      if (subcommand !== 'import-subscriptions') throw new Error(USAGE);
      const { importWebhookSubscriptions } = await import('./webhooks.command.js');
      process.exitCode = await importWebhookSubscriptions(options, (text) => void process.stdout.write(text));
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  // A DATA_DIR held by a running engine (projections rebuild): retry once it has stopped.
  process.exit(error instanceof Error && error.name === 'DataDirLockedError' ? 75 : 2);
});
