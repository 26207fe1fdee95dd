import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * What a process does with a DATA_DIR, each held by one process at a time:
 * `api` serves commands (appends events, keeps the case cache); `projector` feeds the read models, runs
 * the SLA sweeper and writes the audit anchors. The embedded default holds both; a separate worker holds
 * `projector` beside an API started with IN_PROCESS_WORKER=false.
 */
export type DataDirRole = 'api' | 'projector';

/** Who last took a lock, as it wrote down after taking it (for the refusal message only). */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly command: string;
}

/** Exit code of a process refused because another holds its DATA_DIR lock (EX_TEMPFAIL: retry later). */
export const DATA_DIR_LOCKED_EXIT_CODE = 75;

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly role: DataDirRole,
    readonly holder: LockHolder | undefined,
  ) {
    const who =
      holder === undefined
        ? 'another process'
        : `process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since})`;
    super(
      `DATA_DIR ${dataDir} is in use: its ${role} lock is held by ${who}. ` +
        (role === 'api'
          ? 'One API process serves a DATA_DIR: stop the other one, or give this one a DATA_DIR of its own.'
          : 'One process feeds the read models of a DATA_DIR (the API, or the worker when IN_PROCESS_WORKER=false): stop the other one first.') +
        ' See docs/operations.md.',
    );
  }
}

/**
 * An exclusive lock on a DATA_DIR role, held as an open write transaction on a SQLite file of its own
 * (`<role>.lock`). SQLite's lock is an OS file lock: it dies with the process, so a crash or kill -9 never
 * leaves a stale lock behind, and a second connection in the same process is refused too. The pid file
 * beside it only tells a refused process whom to look for; it decides nothing.
 */
export class DataDirLock {
  private constructor(
    private readonly db: Database.Database,
    readonly role: DataDirRole,
  ) {}

  /** Takes the lock or throws DataDirLockedError naming the holder. */
  static acquire(dataDir: string, role: DataDirRole, command: string): DataDirLock {
    const lock = DataDirLock.tryAcquire(dataDir, role, command);
    if (lock === undefined) throw new DataDirLockedError(dataDir, role, readHolder(dataDir, role));
    return lock;
  }

  /** Takes the lock when nobody holds it; undefined when another process (or connection) does. */
  static tryAcquire(dataDir: string, role: DataDirRole, command: string): DataDirLock | undefined {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, `${role}.lock`);
    const db = new Database(path, { timeout: 0 });
    chmodSync(path, 0o600);
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return undefined;
      throw error;
    }
    const holder: LockHolder = {
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      command,
    };
    writeFileSync(holderFile(dataDir, role), `${JSON.stringify(holder)}\n`, { mode: 0o600 });
    return new DataDirLock(db, role);
  }

  release(): void {
    if (!this.db.open) return;
    this.db.exec('ROLLBACK');
    this.db.close();
  }
}

function holderFile(dataDir: string, role: DataDirRole): string {
  return join(dataDir, `${role}.lock.holder`);
}

function readHolder(dataDir: string, role: DataDirRole): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(holderFile(dataDir, role), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}
