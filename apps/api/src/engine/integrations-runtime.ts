import { join } from 'node:path';
import type { Logger } from 'pino';
import { SecretBox } from '../../../../libs/integrations/secret-box.js';
import { WebhookOutbox } from '../../../../libs/integrations/webhook-outbox.js';
import type { Actor } from '../../../../libs/kernel/index.js';
import type { EngineRuntime } from '../../../../libs/runtime/engine-runtime.js';
import type { AppConfig } from '../config/app-config.js';

/**
 * A receiver is no customer-facing dealer role: unless its subscription is allowed personal data, it sees
 * names and phone numbers masked, by the same rule as every read path (PersonalDataDisclosure).
 */
const WEBHOOK_RECEIVER: Actor = Object.freeze({ id: 'webhook-receiver', roles: [] });

/** The integrations database beside the read models, with the secrets' key from configuration or a file. */
export function openWebhookOutbox(config: AppConfig, runtime: EngineRuntime, logger: Logger): WebhookOutbox {
  const secrets =
    config.webhooks.secretKey !== undefined
      ? SecretBox.fromKey(config.webhooks.secretKey)
      : SecretBox.fromKeyFile(join(config.dataDir, 'webhook-secrets.key'));
  const outbox = new WebhookOutbox({
    path: join(config.dataDir, 'integrations.sqlite'),
    secrets,
    store: runtime.store,
    present: (caseType, data, personalData) =>
      personalData
        ? runtime.reveal(data)
        : runtime.disclosure.present(caseType, { dealerId: '' }, data, WEBHOOK_RECEIVER),
    delivery: config.webhooks,
    logger: logger.child({ component: 'webhooks' }),
  });
  runtime.onClose(() => outbox.stop());
  runtime.releaseOnClose(() => outbox.close());
  return outbox;
}
