import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'pd:v1:';
export const ERASED = '[erased]';

/**
 * Personal data (a customer's name and phone) is stored in events only sealed with a key per case, kept
 * outside the event log. Erasing the key makes the data unreadable everywhere — events, exports, backups —
 * while every event, hash and verification stays exactly as recorded (crypto-shredding).
 */
export class PersonalDataVault {
  /** The key file's connection (its WAL is checkpointed by the runtime's checkpoint thread). */
  readonly db: Database.Database;
  private readonly keys = new Map<string, Buffer | null>();
  private readonly keyOf: Database.Statement<[string], { key: Buffer | null }>;
  private readonly insertKey: Database.Statement<[string, Buffer, string]>;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // A key must outlive a process crash (WAL + NORMAL does); an fsync per new case would halve command
    // throughput. After a power loss the newest keys may be gone: those cases then read as erased, while
    // their events, hashes and verification are untouched (docs/security.md).
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (
      subject_id TEXT PRIMARY KEY,
      key BLOB,
      created_at TEXT NOT NULL,
      erased_at TEXT
    ) WITHOUT ROWID`);
    this.keyOf = this.db.prepare('SELECT key FROM subject_keys WHERE subject_id = ?');
    this.insertKey = this.db.prepare(
      'INSERT INTO subject_keys (subject_id, key, created_at) VALUES (?, ?, ?)',
    );
  }

  /** AES-256-GCM with the subject's key (created on first use): `pd:v1:<subject>:<iv>:<tag>:<ciphertext>`. */
  seal(subjectId: string, plaintext: string): string {
    const key = this.keyFor(subjectId, true);
    if (key === null || key === undefined)
      throw new Error(`Personal data of ${subjectId} was erased; it cannot be recorded again`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}${subjectId}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${sealed.toString('base64url')}`;
  }

  /** The plaintext, `[erased]` once the key is gone, or the value unchanged when it is not sealed. */
  open(value: string): string {
    if (!value.startsWith(PREFIX)) return value;
    const [subjectId, iv, tag, sealed] = value.slice(PREFIX.length).split(':');
    if (!subjectId || !iv || !tag || sealed === undefined) return ERASED;
    const key = this.keyFor(subjectId, false);
    if (key === null || key === undefined) return ERASED;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return ERASED;
    }
  }

  /** Every sealed string inside `value`, opened (objects and arrays are copied, nothing is changed in place). */
  openAll<T>(value: T): T {
    if (typeof value === 'string') return this.open(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.openAll(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.openAll(item)])) as T;
    }
    return value;
  }

  /** Destroys the subject's key for good. Returns false when there was nothing to erase. */
  erase(subjectId: string, at = new Date()): boolean {
    const result = this.db
      .prepare('UPDATE subject_keys SET key = NULL, erased_at = ? WHERE subject_id = ? AND key IS NOT NULL')
      .run(at.toISOString(), subjectId);
    this.keys.set(subjectId, null);
    return result.changes > 0;
  }

  close(): void {
    this.db.close();
  }

  private keyFor(subjectId: string, create: boolean): Buffer | null | undefined {
    if (this.keys.has(subjectId)) return this.keys.get(subjectId)!;
    const row = this.keyOf.get(subjectId);
    if (row !== undefined) {
      this.keys.set(subjectId, row.key);
      return row.key;
    }
    if (!create) return undefined;
    const key = randomBytes(32);
    this.insertKey.run(subjectId, key, new Date().toISOString());
    this.keys.set(subjectId, key);
    return key;
  }
}

export function isSealed(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** Replaces the values at dotted `paths` (e.g. `customer.phone`) with sealed strings; returns a copy. */
export function sealPaths(
  vault: PersonalDataVault,
  subjectId: string,
  data: Record<string, unknown>,
  paths: readonly string[],
): Record<string, unknown> {
  const copy = structuredClone(data);
  for (const path of paths) {
    const keys = path.split('.');
    let target: Record<string, unknown> | undefined = copy;
    for (const key of keys.slice(0, -1)) {
      const next: unknown = target?.[key];
      target = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
    }
    const last = keys[keys.length - 1]!;
    const value = target?.[last];
    if (target !== undefined && typeof value === 'string' && !isSealed(value))
      target[last] = vault.seal(subjectId, value);
  }
  return copy;
}
