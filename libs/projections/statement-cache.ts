import type Database from 'better-sqlite3';

/**
 * Prepared statements per connection and SQL text. Preparing costs more than running a small statement,
 * and projections run the same few statements for every event.
 */
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared<P extends unknown[] | object = unknown[], R = unknown>(
  db: Database.Database,
  sql: string,
): Database.Statement<P, R> {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement as unknown as Database.Statement<P, R>;
}

/** Statements die with their tables: call after a projection drops and recreates its tables. */
export function forgetPrepared(db: Database.Database): void {
  caches.delete(db);
}
