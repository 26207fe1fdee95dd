import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditAnchorFile } from '../audit-anchor/index.js';
import { SecretBox, SqliteWebhookOutboxStore } from '../integrations/index.js';
import { PersonalDataVault } from '../personal-data/index.js';
import { openReadModels } from './engine-runtime.js';
import { SqliteCaseSnapshots } from './sqlite-case-snapshots.js';

/**
 * Files written before SQLite files carried a schema version: user_version 0, with the tables exactly as
 * the engine then created them (the DDL below is copied from that code, not derived from today's). Opening
 * one with this code stamps it version 1 and keeps every row.
 */
const dir = mkdtempSync(join(tmpdir(), 'versionless-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function versionlessFile(name: string, ddl: string, fill: (db: Database.Database) => void): string {
  const folder = join(dir, `data-${++files}`);
  mkdirSync(folder);
  const path = join(folder, name);
  const db = new Database(path);
  db.exec(ddl);
  fill(db);
  expect(db.pragma('user_version', { simple: true })).toBe(0);
  db.close();
  return path;
}

const userVersion = (db: Database.Database): unknown => db.pragma('user_version', { simple: true });

describe('a SQLite file written before files carried a version', () => {
  it('a personal-data vault is stamped version 1 and still opens what its keys sealed', () => {
    const path = join(dir, 'vault-source.sqlite');
    const source = new PersonalDataVault(path);
    const sealed = source.seal('case-1', '王建国');
    const key = source.db.prepare('SELECT key, created_at FROM subject_keys').get() as {
      key: Buffer;
      created_at: string;
    };
    source.close();
    const old = versionlessFile(
      'personal-data.sqlite',
      `CREATE TABLE IF NOT EXISTS subject_keys (
        subject_id TEXT PRIMARY KEY,
        key BLOB,
        created_at TEXT NOT NULL,
        erased_at TEXT
      ) WITHOUT ROWID`,
      (db) =>
        db
          .prepare("INSERT INTO subject_keys (subject_id, key, created_at) VALUES ('case-1', ?, ?)")
          .run(key.key, key.created_at),
    );
    const vault = new PersonalDataVault(old);
    expect(userVersion(vault.db)).toBe(1);
    expect(vault.open(sealed)).toBe('王建国');
    vault.close();
  });

  it('an audit-anchor file is stamped version 1 and keeps its anchors and heads', () => {
    const path = versionlessFile(
      'audit-anchors.sqlite',
      `
  CREATE TABLE IF NOT EXISTS anchors (
    anchor_no INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    events INTEGER NOT NULL,
    chain_hash TEXT NOT NULL,
    anchored_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS anchored_heads (
    stream_id TEXT PRIMARY KEY,
    case_type TEXT,
    case_id TEXT,
    dealer_id TEXT,
    region_id TEXT,
    revision INTEGER NOT NULL,
    hash TEXT NOT NULL,
    position INTEGER NOT NULL,
    anchor_no INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS anchored_heads_case ON anchored_heads (case_id);
`,
      (db) => {
        db.exec(`INSERT INTO anchors VALUES (1, 7, 7, 'chain', '2026-11-30T10:00:00.000Z');
          INSERT INTO anchored_heads VALUES ('complaint-1', 'complaint', '1', 'd-1', 'r-1', 6, 'head', 7, 1);`);
      },
    );
    const anchors = new AuditAnchorFile(path);
    expect(userVersion(anchors.db)).toBe(1);
    expect(anchors.latest()).toMatchObject({ anchorNo: 1, position: 7, chainHash: 'chain' });
    expect(anchors.head('complaint-1')).toMatchObject({ revision: 6, hash: 'head', dealerId: 'd-1' });
    anchors.close();
  });

  it('an integrations file is migrated from version 1 on and keeps its subscriptions and outbox', async () => {
    const secrets = SecretBox.fromKey(Buffer.alloc(32, 3));
    const path = versionlessFile(
      'integrations.sqlite',
      `CREATE TABLE IF NOT EXISTS webhook_subscriptions (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  case_types TEXT NOT NULL,
  event_types TEXT NOT NULL,
  personal_data INTEGER NOT NULL,
  secret_sealed BLOB NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  start_position INTEGER NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT,
  delivered INTEGER NOT NULL DEFAULT 0,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  dead_lettered INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS webhook_outbox_deliveries (
  subscription_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  stream_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  ready INTEGER NOT NULL,
  last_error TEXT,
  dead_at TEXT,
  PRIMARY KEY (subscription_id, position)
);`,
      (db) => {
        db.prepare(
          `INSERT INTO webhook_subscriptions (id, url, case_types, event_types, personal_data, secret_sealed,
             created_at, created_by, start_position, delivered) VALUES ('s-1', 'https://example.test/hook',
             '["complaint"]', '[]', 0, ?, '2026-11-30T10:00:00.000Z', 'admin-1', 0, 12)`,
        ).run(secrets.seal('a secret of thirty-two characters', 's-1'));
        db.exec(
          `INSERT INTO webhook_outbox_deliveries VALUES ('s-1', 13, 'complaint-1', 'dead', 8, 0, 0, 'HTTP 500', '2026-11-30T11:00:00.000Z')`,
        );
      },
    );
    const outbox = new SqliteWebhookOutboxStore(path, secrets);
    expect(userVersion(outbox.db)).toBe(2);
    expect(await outbox.subscriptions.get('s-1')).toMatchObject({
      url: 'https://example.test/hook',
      delivered: 12,
    });
    expect(outbox.db.prepare('SELECT position, last_error FROM webhook_outbox_deliveries').all()).toEqual([
      { position: 13, last_error: 'HTTP 500' },
    ]);
    await outbox.close();
  });

  it('a read-model file is stamped version 1 and keeps its case snapshots', () => {
    const path = versionlessFile(
      'readmodels.sqlite',
      `CREATE TABLE IF NOT EXISTS case_snapshots (
      stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      machine_version INTEGER NOT NULL,
      last_hash TEXT NOT NULL,
      latest_occurred_ms INTEGER NOT NULL,
      state TEXT NOT NULL,
      PRIMARY KEY (stream_id, revision)
    ) WITHOUT ROWID`,
      (db) =>
        db.exec(
          `INSERT INTO case_snapshots VALUES ('complaint-1', 31, 2, 'hash', 1764496800000, '{"value":"open"}')`,
        ),
    );
    const readModels = openReadModels(join(path, '..'));
    expect(userVersion(readModels)).toBe(1);
    expect(new SqliteCaseSnapshots(readModels).latest('complaint-1')).toEqual({
      streamId: 'complaint-1',
      revision: 31,
      machineVersion: 2,
      lastHash: 'hash',
      latestOccurredMs: 1764496800000,
      state: '{"value":"open"}',
    });
    readModels.close();
  });

  it('a new read-model file in memory is created at version 1', () => {
    const readModels = openReadModels(':memory:');
    expect(userVersion(readModels)).toBe(1);
    readModels.close();
  });
});
