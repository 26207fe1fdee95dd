import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { PostgresAdvisoryDuty, type EventStore } from '../event-store/index.js';
import {
  PostgresWebhookOutboxStore,
  SecretBox,
  SqliteWebhookOutboxStore,
  WebhookOutbox,
  type WebhookOutboxStore,
} from '../integrations/index.js';
import { releasedDefinitions, type Actor, type WorkflowModule } from '../kernel/index.js';
import {
  PersonalDataDisclosure,
  sealedSubjectsIn,
  type PersonalDataKeyVault,
} from '../personal-data/index.js';

/**
 * A receiver is no customer-facing dealer role: unless its subscription is allowed personal data, it sees
 * names and phone numbers masked, by the same rule as every read path (PersonalDataDisclosure).
 */
const WEBHOOK_RECEIVER: Actor = Object.freeze({ id: 'webhook-receiver', roles: [] });

/** What the outbox reads from: the log, the keys sealing personal data, and the workflows declaring it. */
export interface WebhookSources {
  readonly store: EventStore;
  readonly vault: PersonalDataKeyVault;
  readonly workflows: readonly WorkflowModule[];
}

/**
 * The webhook outbox, kept where EVENT_STORE says: in the PostgreSQL database every node shares, fed and
 * delivered by the one node holding the `webhook-outbox` advisory lock (docs/integrations.md); otherwise in
 * `DATA_DIR/integrations.sqlite`, delivered by the process holding the projector lock, with the secrets' key
 * from configuration or a file beside it.
 */
export async function openWebhookOutbox(
  config: AppConfig,
  sources: WebhookSources,
  logger: Logger,
): Promise<WebhookOutbox> {
  const shared = config.eventStore === 'postgres';
  const file = join(config.dataDir, 'integrations.sqlite');
  // Subscriptions left in a file of the embedded store are not read here: no node would deliver them.
  if (shared && existsSync(file))
    logger.warn(
      { file },
      'A SQLite integrations file is in DATA_DIR but webhooks live in PostgreSQL: import its subscriptions (webhooks import-subscriptions) and delete the file (docs/operations.md)',
    );
  const storage: WebhookOutboxStore = shared
    ? await PostgresWebhookOutboxStore.open({
        connectionString: config.databaseUrl!,
        ...(config.webhooks.secretKey !== undefined ? { secretKey: config.webhooks.secretKey } : {}),
      })
    : new SqliteWebhookOutboxStore(
        file,
        config.webhooks.secretKey !== undefined
          ? SecretBox.fromKey(config.webhooks.secretKey)
          : SecretBox.fromKeyFile(join(config.dataDir, 'webhook-secrets.key')),
      );
  const reveal = <T>(value: T): T => sources.vault.openAll(value);
  const disclosure = new PersonalDataDisclosure(releasedDefinitions(sources.workflows), reveal);
  return new WebhookOutbox({
    storage,
    store: sources.store,
    // The keys of what is about to be disclosed are fetched first, as every read path does: a vault kept
    // in PostgreSQL opens only loaded keys (and an erasure by any node shows).
    present: async (caseType, data, personalData) => {
      await sources.vault.load(sealedSubjectsIn(data));
      return personalData
        ? reveal(data)
        : disclosure.present(caseType, { dealerId: '' }, data, WEBHOOK_RECEIVER);
    },
    delivery: config.webhooks,
    logger: logger.child({ component: 'webhooks' }),
    // Every node shares the outbox: one feeds and delivers at a time, another takes over when it dies.
    ...(shared
      ? {
          duty: new PostgresAdvisoryDuty(config.databaseUrl!, 'webhook-outbox', {
            takeoverAfterMs: config.dutyTakeoverMs,
          }),
        }
      : {}),
  });
}
