import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * DATA_DIR holds the event log, the personal-data keys, the read models and the dev secret: only the
 * engine's own user may list or read it (0700), whatever the process's umask.
 */
export function preparePrivateDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
}

/**
 * Creates a SQLite file (or keeps it) readable and writable by its owner only (0600), before SQLite opens
 * it: SQLite gives the `-wal` and `-shm` files it creates later the database file's own mode, so they are
 * private too. Ones left by an older version are narrowed here as well.
 */
export function preparePrivateFile(path: string): void {
  if (path === ':memory:' || path === '') return;
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
