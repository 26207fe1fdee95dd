import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import type { EventStore } from '../event-store/index.js';
import { SecretBox, WebhookOutbox } from '../integrations/index.js';
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

/** The integrations database beside the read models, with the secrets' key from configuration or a file. */
export function openWebhookOutbox(config: AppConfig, sources: WebhookSources, logger: Logger): WebhookOutbox {
  const secrets =
    config.webhooks.secretKey !== undefined
      ? SecretBox.fromKey(config.webhooks.secretKey)
      : SecretBox.fromKeyFile(join(config.dataDir, 'webhook-secrets.key'));
  const reveal = <T>(value: T): T => sources.vault.openAll(value);
  const disclosure = new PersonalDataDisclosure(releasedDefinitions(sources.workflows), reveal);
  return new WebhookOutbox({
    path: join(config.dataDir, 'integrations.sqlite'),
    secrets,
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
  });
}
