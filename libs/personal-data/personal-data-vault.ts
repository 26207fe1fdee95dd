import Database from 'better-sqlite3';
import { preparePrivateFile } from '../event-store/index.js';
import { PersonalDataErasedError } from '../kernel/index.js';
import { migrateSqliteFile } from '../sqlite-migrations/index.js';
import { PERSONAL_DATA_FILE } from './personal-data-file.js';
import type { PersonalDataKeyVault } from './personal-data-key-vault.js';
import {
  fingerprintKeyOf,
  fingerprintWithKey,
  isSealed,
  newSubjectKey,
  openWithKey,
  sealWithKey,
} from './sealed-value.js';

export { ERASED, isSealed } from './sealed-value.js';

/**
 * Personal data (a customer's name and phone) is stored in events only sealed with a key per case, kept
 * outside the event log. Erasing the key makes the data unreadable everywhere — events, exports, backups —
 * while every event, hash and verification stays exactly as recorded (crypto-shredding).
 */
export class PersonalDataVault implements PersonalDataKeyVault {
  /** The key file's connection (its WAL is checkpointed by the runtime's checkpoint thread). */
  readonly db: Database.Database;
  private readonly keys = new Map<string, Buffer | null>();
  private readonly keyOf: Database.Statement<[string], { key: Buffer | null }>;
  private readonly insertKey: Database.Statement<[string, Buffer, string]>;
  /** Per subject, the key a fingerprint is computed with (derived from the subject's key once). */
  private readonly fingerprintKeys = new Map<string, Buffer>();
  private readonly dataVersion: Database.Statement<[], number>;
  /** `PRAGMA data_version` when the cache was last known good: it changes when another connection commits. */
  private seenVersion: number;
  /** Whether the cache was revalidated in this turn of the event loop (see `revalidate`). */
  private checkedThisTurn = false;
  /** Every open vault of this process, so an erasure reaches the others' caches at once. */
  private static readonly instances = new Set<PersonalDataVault>();

  constructor(path: string) {
    preparePrivateFile(path);
    this.db = new Database(path);
    // An erased key must leave no copy in the file's free space or pages (see `erase`).
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    // A key must outlive a process crash (WAL + NORMAL does); an fsync per new case would halve command
    // throughput. After a power loss the newest keys may be gone: those cases then read as erased, while
    // their events, hashes and verification are untouched (docs/security.md).
    this.db.pragma('synchronous = NORMAL');
    migrateSqliteFile(this.db, PERSONAL_DATA_FILE);
    this.keyOf = this.db.prepare('SELECT key FROM subject_keys WHERE subject_id = ?');
    // Two processes (or a retried create) may create a subject's key at once: the first one wins.
    this.insertKey = this.db.prepare(
      'INSERT OR IGNORE INTO subject_keys (subject_id, key, created_at) VALUES (?, ?, ?)',
    );
    this.dataVersion = this.db.prepare<[], number>('PRAGMA data_version').pluck();
    this.seenVersion = this.dataVersion.get()!;
    PersonalDataVault.instances.add(this);
  }

  /**
   * Nothing to fetch: keys are read from the file in place, and `revalidate` drops the cache once another
   * process's erasure commits.
   */
  load(): Promise<void> {
    return Promise.resolve();
  }

  /** AES-256-GCM with the subject's key (created on first use): `pd:v1:<subject>:<iv>:<tag>:<ciphertext>`. */
  seal(subjectId: string, plaintext: string): string {
    const key = this.keyFor(subjectId, true);
    // A new key is never issued for an erased case.
    if (key === null || key === undefined) throw new PersonalDataErasedError(subjectId);
    return sealWithKey(key, subjectId, plaintext);
  }

  /** The plaintext, `[erased]` once the key is gone, or the value unchanged when it is not sealed. */
  open(value: string): string {
    return openWithKey(value, (subjectId) => this.keyFor(subjectId, false));
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

  /**
   * A digest of a personal-data value under the subject's key (HMAC-SHA256 with a key derived from it for
   * this one purpose): equal for equal values while the key exists, and nobody can test a guess without the
   * key, so nothing derived from personal data outlives an erasure. Undefined once the key is destroyed.
   */
  fingerprint(subjectId: string, value: string): string | undefined {
    const key = this.keyFor(subjectId, true);
    if (key === null || key === undefined) return undefined;
    let fingerprintKey = this.fingerprintKeys.get(subjectId);
    if (fingerprintKey === undefined) {
      // One HMAC (HKDF-Expand alone): a third of hkdfSync's cost on a create.
      fingerprintKey = fingerprintKeyOf(key);
      this.fingerprintKeys.set(subjectId, fingerprintKey);
    }
    return fingerprintWithKey(fingerprintKey, value);
  }

  /** Whether the subject's key was destroyed (false for a subject that never had one). */
  isErased(subjectId: string): boolean {
    return this.keyFor(subjectId, false) === null;
  }

  /**
   * Destroys the subject's key for good, in every process at once (vaults of this process are told; others
   * notice through `data_version`, see `revalidate`), and leaves no copy of it in the file: `secure_delete` zeroes the old cell, and the
   * write-ahead log, which still holds the page as it was, is copied back and truncated to nothing before
   * this returns. Returns false when there was nothing to erase.
   */
  erase(subjectId: string, at = new Date()): boolean {
    const result = this.db
      .prepare('UPDATE subject_keys SET key = NULL, erased_at = ? WHERE subject_id = ? AND key IS NOT NULL')
      .run(at.toISOString(), subjectId);
    // A subject without a key yet gets a tombstone, so none is ever issued for it after its erasure.
    this.db
      .prepare(
        'INSERT OR IGNORE INTO subject_keys (subject_id, key, created_at, erased_at) VALUES (?, NULL, ?, ?)',
      )
      .run(subjectId, at.toISOString(), at.toISOString());
    for (const vault of PersonalDataVault.instances) {
      if (vault === this || vault.db.name === this.db.name) vault.forget(subjectId);
    }
    this.truncateLog();
    return result.changes > 0;
  }

  /**
   * Copies the whole log into the file and truncates it to zero bytes. A reader of another process may
   * hold an older snapshot for a moment (busy_timeout waits for it); throws if the log could not be
   * emptied, so an erasure never reports success while a copy of the key is left behind.
   */
  truncateLog(): void {
    // Each attempt waits up to busy_timeout for readers; three cover a reader between two short reads.
    for (let attempt = 0; attempt < 3; attempt++) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
      if (result === undefined || (result.busy === 0 && result.log <= 0)) return;
    }
    throw new Error('The personal-data vault’s write-ahead log could not be truncated; retry the erasure');
  }

  close(): void {
    PersonalDataVault.instances.delete(this);
    this.db.close();
  }

  private forget(subjectId: string): void {
    this.keys.set(subjectId, null);
    this.fingerprintKeys.delete(subjectId);
  }

  /**
   * Another process (the CLI, the worker) may have erased a key since the cache was filled: `PRAGMA
   * data_version` tells (it changes when another connection commits), and the cache is then dropped. The
   * pragma costs ≈ 4 µs, so it runs once per turn of the event loop: a request that arrives after another
   * process's erasure committed starts a later turn and sees it. Vaults of this process learn of an
   * erasure directly (`erase`).
   */
  private revalidate(): void {
    if (this.checkedThisTurn) return;
    this.checkedThisTurn = true;
    setImmediate(() => (this.checkedThisTurn = false)).unref();
    const version = this.dataVersion.get()!;
    if (version !== this.seenVersion) {
      this.keys.clear();
      this.fingerprintKeys.clear();
      this.seenVersion = version;
    }
  }

  private keyFor(subjectId: string, create: boolean): Buffer | null | undefined {
    this.revalidate();
    if (this.keys.has(subjectId)) return this.keys.get(subjectId)!;
    const row = this.keyOf.get(subjectId);
    if (row !== undefined) {
      this.keys.set(subjectId, row.key);
      return row.key;
    }
    if (!create) return undefined;
    this.insertKey.run(subjectId, newSubjectKey(), new Date().toISOString());
    const stored = this.keyOf.get(subjectId)!.key;
    this.keys.set(subjectId, stored);
    return stored;
  }
}

/** Replaces the values at dotted `paths` (e.g. `customer.phone`) with sealed strings; returns a copy. */
export function sealPaths(
  vault: Pick<PersonalDataKeyVault, 'seal'>,
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

/**
 * A copy of `data` for a request fingerprint: each value at dotted `paths` replaced by its keyed fingerprint
 * (`PersonalDataVault.fingerprint`), so the same request fingerprints the same while the case's key exists,
 * and the stored fingerprint says nothing about the values without it. Throws PersonalDataErasedError when a
 * value is present and the key was destroyed.
 */
export function fingerprintPaths(
  vault: Pick<PersonalDataKeyVault, 'fingerprint'>,
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
    if (target === undefined || typeof value !== 'string') continue;
    const fingerprint = vault.fingerprint(subjectId, value);
    if (fingerprint === undefined) throw new PersonalDataErasedError(subjectId);
    target[last] = `pd-fingerprint:${fingerprint}`;
  }
  return copy;
}
