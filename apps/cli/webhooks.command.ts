import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig, type AppConfig } from '../../libs/config/index.js';
import {
  importSqliteSubscriptions,
  SecretBox,
  WebhookSecretsUnopenedError,
  type CandidateKey,
} from '../../libs/integrations/index.js';

type Write = (text: string) => void;

export const WEBHOOKS_USAGE = `  webhooks import-subscriptions --from <integrations.sqlite> [--key-file <webhook-secrets.key>]
                                    copy the embedded store's webhook subscriptions and undelivered events
                                    into the PostgreSQL store (moving to it)`;

/**
 * `webhooks import-subscriptions --from FILE [--key-file KEY]`: the subscriptions and outbox of an embedded
 * store's integrations file into the PostgreSQL store, after `store import` (docs/operations.md "Moving a
 * store from SQLite to PostgreSQL"). One line per subscription skipped, then a JSON summary line.
 */
export async function importWebhookSubscriptions(
  options: Record<string, string>,
  write: Write,
  config: AppConfig = loadConfig(),
): Promise<number> {
  if (config.eventStore !== 'postgres')
    throw new Error(
      'webhooks import-subscriptions writes into a PostgreSQL store: set EVENT_STORE=postgres and DATABASE_URL',
    );
  if (!options.from || options.from === 'true' || options['key-file'] === 'true')
    throw new Error(WEBHOOKS_USAGE);
  try {
    const { skipped, ...report } = await importSqliteSubscriptions({
      connectionString: config.databaseUrl!,
      file: options.from,
      oldKeys: oldKeys(options.from, options['key-file'], config),
      ...(config.webhooks.secretKey !== undefined ? { secretKey: config.webhooks.secretKey } : {}),
    });
    for (const id of skipped) write(`${JSON.stringify({ skipped: id, reason: 'already in PostgreSQL' })}\n`);
    write(`${JSON.stringify({ summary: { ...report, skipped: skipped.length } })}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof WebhookSecretsUnopenedError)) throw error;
    throw new Error(
      `${error.message}. Name the key the old node sealed them with: --key-file <its DATA_DIR/webhook-secrets.key>, or the WEBHOOK_SECRET_KEY it ran with.`,
    );
  }
}

/**
 * The keys the old node may have sealed its secrets with: the one named, or else the key file beside the
 * integrations file (an embedded store's DATA_DIR keeps both) and WEBHOOK_SECRET_KEY (which the old node
 * used instead of a file when set). The first that opens every secret is used.
 */
function oldKeys(file: string, named: string | undefined, config: AppConfig): CandidateKey[] {
  if (named !== undefined) {
    if (!existsSync(named)) throw new Error(`No key file at ${named} (--key-file); nothing was imported`);
    return [keyFile(named)];
  }
  const beside = join(dirname(file), 'webhook-secrets.key');
  return [
    ...(existsSync(beside) ? [keyFile(beside)] : []),
    ...(config.webhooks.secretKey !== undefined
      ? [{ source: 'WEBHOOK_SECRET_KEY', secrets: SecretBox.fromKey(config.webhooks.secretKey) }]
      : []),
  ];
}

function keyFile(path: string): CandidateKey {
  try {
    return { source: path, secrets: SecretBox.fromExistingKeyFile(path) };
  } catch (error) {
    throw new Error(
      `The key file ${path} holds no webhook secret key (32 bytes, base64): ${(error as Error).message}; nothing was imported`,
    );
  }
}
