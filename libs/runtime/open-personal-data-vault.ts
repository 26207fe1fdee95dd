import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PersonalDataVault, type PersonalDataKeyVault } from '../personal-data/index.js';
import type { AppConfig } from '../config/index.js';

/**
 * Where the keys sealing personal data live, by EVENT_STORE: in the PostgreSQL database every node shares
 * (so every node opens what any node sealed, and an erasure anywhere holds everywhere), otherwise in
 * `DATA_DIR/personal-data.sqlite` beside the process (docs/security.md "Where the keys live").
 */
export async function openPersonalDataVault(
  config: AppConfig,
  logger?: { warn(object: object, message?: string): void },
): Promise<PersonalDataKeyVault> {
  const vaultFile = join(config.dataDir, 'personal-data.sqlite');
  if (config.eventStore === 'postgres') {
    // A key file left from the embedded store is not read here; an erasure would not reach its copies.
    if (existsSync(vaultFile))
      logger?.warn(
        { vaultFile },
        'A SQLite vault file is in DATA_DIR but the keys live in PostgreSQL: import them (personal-data import-keys) and delete the file (docs/operations.md)',
      );
    // Loaded only when chosen, as the store is: the embedded default never needs the PostgreSQL client.
    const { PostgresPersonalDataVault } = await import('../personal-data/index.js');
    return new PostgresPersonalDataVault({ connectionString: config.databaseUrl! });
  }
  return new PersonalDataVault(vaultFile);
}
