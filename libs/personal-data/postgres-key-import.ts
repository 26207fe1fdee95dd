import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { migrateEventStore } from '../event-store/index.js';
import { readableSqliteFileVersion } from '../sqlite-migrations/index.js';
import { PERSONAL_DATA_FILE } from './personal-data-file.js';

/** What an import of a SQLite vault's keys did: keys added, erasures carried over, keys already there. */
export interface KeyImportReport {
  readonly read: number;
  readonly imported: number;
  /** Subjects erased in the file whose key the database still held: destroyed there too. */
  readonly erasedByImport: number;
  /** Subjects the database already had (the same or another key, or its own erasure): left as they were. */
  readonly unchanged: number;
}

interface KeyRow {
  subject_id: string;
  key: Buffer | null;
  created_at: string;
  erased_at: string | null;
}

/**
 * Copies the keys (and erasure tombstones) of a SQLite vault file into the PostgreSQL store's
 * `personal_data_keys`, in one transaction, when a deployment moves to PostgreSQL: afterwards every node
 * opens what the old store sealed. An erasure wins either way (erased in the file or in the database stays
 * erased); a subject the database already has keeps its key. The file is only read: delete it (and its
 * backups) afterwards, or an erasure in PostgreSQL would not reach the copy of the key it still holds.
 */
export async function importSqliteVaultKeys(
  connectionString: string,
  vaultFile: string,
): Promise<KeyImportReport> {
  if (!existsSync(vaultFile)) throw new Error(`No vault file at ${vaultFile}; nothing was imported`);
  const source = new Database(vaultFile, { readonly: true, fileMustExist: true });
  try {
    // The import reads the vault's layout of version 1; a newer vault is refused, not misread.
    readableSqliteFileVersion(source, PERSONAL_DATA_FILE);
  } catch (error) {
    source.close();
    throw error;
  }
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await migrateEventStore(client);
    const rows = source
      .prepare('SELECT subject_id, key, created_at, erased_at FROM subject_keys ORDER BY subject_id')
      .all() as KeyRow[];
    let imported = 0;
    let erasedByImport = 0;
    await client.query('BEGIN');
    try {
      for (let start = 0; start < rows.length; start += 1000) {
        const page = rows.slice(start, start + 1000);
        const result = await client.query<{ inserted: boolean }>(
          `INSERT INTO personal_data_keys AS held (subject_id, key, created_at, erased_at)
           SELECT * FROM unnest($1::text[], $2::bytea[], $3::timestamptz[], $4::timestamptz[])
           ON CONFLICT (subject_id) DO UPDATE SET key = NULL, erased_at = EXCLUDED.erased_at
             WHERE EXCLUDED.key IS NULL AND held.key IS NOT NULL
           RETURNING (xmax = 0) AS inserted`,
          [
            page.map((row) => row.subject_id),
            page.map((row) => row.key),
            page.map((row) => row.created_at),
            // A key without an erasure time is live; a missing key is an erasure, dated at creation at worst.
            page.map((row) => (row.key === null ? (row.erased_at ?? row.created_at) : null)),
          ],
        );
        for (const row of result.rows) {
          if (row.inserted) imported += 1;
          else erasedByImport += 1;
        }
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    return {
      read: rows.length,
      imported,
      erasedByImport,
      unchanged: rows.length - imported - erasedByImport,
    };
  } finally {
    source.close();
    await client.end();
  }
}
