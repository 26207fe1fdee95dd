import { join } from 'node:path';
import type { PersonalDataKeyVault } from '../../../../libs/personal-data/personal-data-key-vault.js';
import { PersonalDataVault } from '../../../../libs/personal-data/personal-data-vault.js';
import type { AppConfig } from '../config/app-config.js';

/**
 * Where the keys sealing personal data live, by EVENT_STORE: in the PostgreSQL database every node shares
 * (so every node opens what any node sealed, and an erasure anywhere holds everywhere), otherwise in
 * `DATA_DIR/personal-data.sqlite` beside the process (docs/security.md "Where the keys live").
 */
export async function openPersonalDataVault(config: AppConfig): Promise<PersonalDataKeyVault> {
  if (config.eventStore === 'postgres') {
    // Loaded only when chosen, as the store is: the embedded default never needs the PostgreSQL client.
    const { PostgresPersonalDataVault } =
      await import('../../../../libs/personal-data/postgres-personal-data-vault.js');
    return new PostgresPersonalDataVault({ connectionString: config.databaseUrl! });
  }
  return new PersonalDataVault(join(config.dataDir, 'personal-data.sqlite'));
}
