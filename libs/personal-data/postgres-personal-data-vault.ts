import type pg from 'pg';
import { postgresPool } from '../event-store/index.js';
import { PersonalDataErasedError } from '../kernel/index.js';
import type { PersonalDataKeyVault } from './personal-data-key-vault.js';
import {
  fingerprintKeyOf,
  fingerprintWithKey,
  newSubjectKey,
  openWithKey,
  sealWithKey,
} from './sealed-value.js';

export interface PostgresPersonalDataVaultOptions {
  /** The database of the PostgreSQL event store (its migration 2 creates `personal_data_keys`). */
  readonly connectionString: string;
  /** Connections for key reads and erasures. Default 4. */
  readonly connections?: number;
  /** Keys commands loaded, kept for sealing and fingerprinting (the oldest dropped first). Default 10,000. */
  readonly cachedKeys?: number;
}

/** A vault was asked for a key that no `load` fetched: a read or command path skipped `load`. */
export class PersonalDataKeyNotLoadedError extends Error {
  constructor(subjectId: string, purpose: string) {
    super(`The personal-data key of ${subjectId} was not loaded before ${purpose} (call load first)`);
  }
}

/**
 * The vault of a deployment on the PostgreSQL store: the keys live in the shared database, so every node
 * seals and opens with the same key, and an erasure on any node destroys the one key there is.
 *
 * Every read checks the key: `open` uses only keys fetched by a `load` in the same turn of the event loop
 * (a read loads the keys of the subjects it is about to disclose with one query, then discloses without
 * awaiting anything else), so no cached key that another node's erasure made stale is ever used to disclose.
 * Sealing and fingerprinting use the keys the command's own `load` fetched (with `create`).
 */
export class PostgresPersonalDataVault implements PersonalDataKeyVault {
  private readonly pool: pg.Pool;
  private readonly cachedKeys: number;
  /**
   * The keys commands loaded (with `create`), as the latest load found them (null once erased), for sealing
   * and fingerprinting after the command's other awaits. Reads never add to it, so a burst of reads cannot
   * push out the key of a command in flight. Bounded by `cachedKeys`.
   */
  private readonly keys = new Map<string, Buffer | null>();
  private readonly fingerprintKeys = new Map<string, Buffer>();
  /**
   * Every key loaded in this turn of the event loop (undefined: the subject has none): the only keys `open`
   * discloses with.
   */
  private fresh = new Map<string, Buffer | null | undefined>();
  private freshUntilNextTurn = false;

  constructor(options: PostgresPersonalDataVaultOptions) {
    this.pool = postgresPool({
      connectionString: options.connectionString,
      max: options.connections ?? 4,
      name: 'engine personal-data vault',
      // A new key needs no flush of its own: the event sealed with it commits later on the same server, and
      // that commit flushes the write-ahead log up to and past the key's row. A key lost in a crash before
      // any event used it is simply issued anew. An erasure does flush before it answers (see `erase`).
      settings: '-c synchronous_commit=off',
    });
    this.cachedKeys = options.cachedKeys ?? 10_000;
  }

  async load(subjectIds: Iterable<string>, options: { readonly create?: boolean } = {}): Promise<void> {
    const ids = [...new Set(subjectIds)];
    if (ids.length === 0) return;
    if (options.create === true) {
      // Two nodes may create a subject's key at once: the first insert wins, the other reads it back below.
      // An erased subject keeps its tombstone, so no key is issued for it again.
      await this.pool.query(
        `INSERT INTO personal_data_keys (subject_id, key, created_at)
         SELECT subject_id, key, now() FROM unnest($1::text[], $2::bytea[]) AS fresh (subject_id, key)
         ON CONFLICT (subject_id) DO NOTHING`,
        [ids, ids.map(() => newSubjectKey())],
      );
    }
    const { rows } = await this.pool.query<{ subject_id: string; key: Buffer | null }>(
      'SELECT subject_id, key FROM personal_data_keys WHERE subject_id = ANY ($1::text[])',
      [ids],
    );
    const found = new Map(rows.map((row) => [row.subject_id, row.key]));
    this.startTurn();
    for (const subjectId of ids) {
      const key = found.get(subjectId);
      this.fresh.set(subjectId, key);
      if (key === undefined || key === null) this.fingerprintKeys.delete(subjectId);
      if (options.create !== true && !this.keys.has(subjectId)) continue;
      // Refreshed (and moved to the newest end) for a command, or kept current for one in flight.
      this.keys.delete(subjectId);
      if (key !== undefined) this.keys.set(subjectId, key);
    }
    for (const oldest of this.keys.keys()) {
      if (this.keys.size <= this.cachedKeys) break;
      this.keys.delete(oldest);
      this.fingerprintKeys.delete(oldest);
    }
  }

  seal(subjectId: string, plaintext: string): string {
    const key = this.loadedKey(subjectId, 'sealing');
    if (key === null || key === undefined) throw new PersonalDataErasedError(subjectId);
    return sealWithKey(key, subjectId, plaintext);
  }

  open(value: string): string {
    return openWithKey(value, (subjectId) => {
      if (!this.fresh.has(subjectId)) throw new PersonalDataKeyNotLoadedError(subjectId, 'disclosing');
      return this.fresh.get(subjectId);
    });
  }

  openAll<T>(value: T): T {
    if (typeof value === 'string') return this.open(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.openAll(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.openAll(item)])) as T;
    }
    return value;
  }

  fingerprint(subjectId: string, value: string): string | undefined {
    const key = this.loadedKey(subjectId, 'fingerprinting');
    if (key === null || key === undefined) return undefined;
    let fingerprintKey = this.fingerprintKeys.get(subjectId);
    if (fingerprintKey === undefined) {
      fingerprintKey = fingerprintKeyOf(key);
      if (this.keys.has(subjectId)) this.fingerprintKeys.set(subjectId, fingerprintKey);
    }
    return fingerprintWithKey(fingerprintKey, value);
  }

  isErased(subjectId: string): boolean {
    return this.loadedKey(subjectId, 'checking for an erasure') === null;
  }

  /**
   * Destroys the subject's key in one transaction: the row keeps NULL and the time (a tombstone, so no key
   * is issued again), and every node's next read finds no key. What PostgreSQL itself still holds of the
   * old key (the dead row version until VACUUM, WAL segments, backups) is in docs/operations.md.
   */
  async erase(subjectId: string, at = new Date()): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Durable before the erasure is reported, whatever the connection's default (see the constructor).
      await client.query('SET LOCAL synchronous_commit = on');
      const destroyed = await client.query(
        'UPDATE personal_data_keys SET key = NULL, erased_at = $2 WHERE subject_id = $1 AND key IS NOT NULL',
        [subjectId, at],
      );
      await client.query(
        `INSERT INTO personal_data_keys (subject_id, key, created_at, erased_at) VALUES ($1, NULL, $2, $2)
         ON CONFLICT (subject_id) DO NOTHING`,
        [subjectId, at],
      );
      await client.query('COMMIT');
      if (this.keys.has(subjectId)) this.keys.set(subjectId, null);
      if (this.fresh.has(subjectId)) this.fresh.set(subjectId, null);
      this.fingerprintKeys.delete(subjectId);
      return (destroyed.rowCount ?? 0) > 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    this.keys.clear();
    this.fingerprintKeys.clear();
    await this.pool.end();
  }

  /** The key a load fetched (null: erased; undefined: the subject has none), or an error if none did. */
  private loadedKey(subjectId: string, purpose: string): Buffer | null | undefined {
    if (this.fresh.has(subjectId)) return this.fresh.get(subjectId);
    if (this.keys.has(subjectId)) return this.keys.get(subjectId);
    throw new PersonalDataKeyNotLoadedError(subjectId, purpose);
  }

  /** Keys loaded now may disclose until the event loop's next turn. */
  private startTurn(): void {
    if (this.freshUntilNextTurn) return;
    this.freshUntilNextTurn = true;
    setImmediate(() => {
      this.fresh = new Map();
      this.freshUntilNextTurn = false;
    }).unref();
  }
}
