import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type PostgresDatabase } from '../testing/index.js';
import { importSqliteVaultKeys } from './postgres-key-import.js';
import { ERASED, PersonalDataVault } from './personal-data-vault.js';
import { PostgresPersonalDataVault } from './postgres-personal-data-vault.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`Key import specs skipped: ${target.skip}`);

describeWithServer('moving a SQLite vault’s keys into the PostgreSQL store', () => {
  const database = target as PostgresDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'key-import-'));
  const file = join(dir, 'personal-data.sqlite');
  let postgres: PostgresPersonalDataVault;
  beforeAll(() => {
    postgres = new PostgresPersonalDataVault({ connectionString: database.url });
  });
  afterAll(async () => {
    await postgres.close();
    rmSync(dir, { recursive: true, force: true });
    await database.stop();
  });

  it('given live and erased keys in the file and subjects the database holds, when imported, then every node opens the live ones and every erasure holds on both sides', async () => {
    const [live, erasedInFile, erasedInDatabase, erasedBeforeKey] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    const sqlite = new PersonalDataVault(file);
    const sealedLive = sqlite.seal(live, '王建国');
    const sealedErasedInFile = sqlite.seal(erasedInFile, '13800138000');
    const sealedErasedInDatabase = sqlite.seal(erasedInDatabase, '13900139000');
    sqlite.erase(erasedInFile);
    sqlite.erase(erasedBeforeKey);
    sqlite.close();
    // A first import, then an erasure in the database: importing the file again must not bring the key back.
    const first = await importSqliteVaultKeys(database.url, file);
    expect(first).toEqual({ read: 4, imported: 4, erasedByImport: 0, unchanged: 0 });
    await postgres.erase(erasedInDatabase);

    const again = await importSqliteVaultKeys(database.url, file);
    expect(again).toEqual({ read: 4, imported: 0, erasedByImport: 0, unchanged: 4 });

    await postgres.load([live, erasedInFile, erasedInDatabase, erasedBeforeKey], { create: true });
    expect(postgres.open(sealedLive)).toBe('王建国');
    expect(postgres.open(sealedErasedInFile)).toBe(ERASED);
    expect(postgres.open(sealedErasedInDatabase)).toBe(ERASED);
    expect(() => postgres.seal(erasedBeforeKey, 'x')).toThrow('erased');
  });

  it('given a subject erased in the file after the database got its key, when imported, then it is erased in the database too', async () => {
    const subject = randomUUID();
    const sqlite = new PersonalDataVault(file);
    const sealed = sqlite.seal(subject, 'name');
    sqlite.close();
    await importSqliteVaultKeys(database.url, file);
    const reopened = new PersonalDataVault(file);
    reopened.erase(subject);
    reopened.close();
    const report = await importSqliteVaultKeys(database.url, file);
    expect(report.erasedByImport).toBe(1);
    await postgres.load([subject]);
    expect(postgres.open(sealed)).toBe(ERASED);
  });
});
