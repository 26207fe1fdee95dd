import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { WalCheckpointer } from './wal-checkpointer.js';

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** A WAL-mode file as the runtime opens the read models, with a table to fill. */
function walFile(): { path: string; db: Database.Database; directory: string } {
  const directory = mkdtempSync(join(tmpdir(), 'wal-checkpointer-'));
  directories.push(directory);
  const path = join(directory, 'readmodels.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { path, db, directory };
}

/** Writes `count` rows of 2 KB, one commit each, as a projection's batches do. */
function write(db: Database.Database, from: number, count: number): void {
  const insert = db.prepare('INSERT INTO rows (id, body) VALUES (?, ?)');
  for (let id = from; id < from + count; id++) insert.run(id, 'x'.repeat(2048));
}

/**
 * The rows in the database file itself, without its WAL: what checkpoints have copied into it. Only while
 * no checkpoint can be writing to the file: a copy taken during one may be torn.
 */
function rowsInDatabaseFile(path: string, directory: string): number {
  const copy = join(directory, `copy-${Math.random().toString(36).slice(2)}.sqlite`);
  copyFileSync(path, copy);
  const db = new Database(copy);
  try {
    return (db.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * Pages in the database file. In WAL mode only a checkpoint writes to it, so while the thread may be
 * checkpointing this is how far it has got (each row above fills a page of its own).
 */
function pagesInDatabaseFile(path: string): number {
  return statSync(path).size / 4096;
}

/** The WAL header's checkpoint sequence number: it counts the times the log was started over. */
function checkpointSequence(walPath: string): number {
  const header = Buffer.alloc(16);
  const file = openSync(walPath, 'r');
  try {
    readSync(file, header, 0, 16, 0);
  } finally {
    closeSync(file);
  }
  return header.readUInt32BE(12);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('WalCheckpointer', () => {
  it('leaves checkpoints to its thread: the committing connection never copies its log into the file', async () => {
    const { path, db, directory } = walFile();
    const checkpointer = new WalCheckpointer([db], { intervalMs: 60_000 });
    // 1,500 pages of commits: SQLite's automatic checkpoint would have copied them at 1,000.
    write(db, 0, 1500);
    expect(rowsInDatabaseFile(path, directory)).toBe(0);
    expect(checkpointer.state()).toEqual({ inThread: true, files: new Map() });
    // Closing runs the thread's last round.
    await checkpointer.close();
    expect(rowsInDatabaseFile(path, directory)).toBe(1500);
    db.close();
  });

  it('copies the log into the database file every interval while the connection keeps committing', async () => {
    const { path, db } = walFile();
    const checkpointer = new WalCheckpointer([db], { intervalMs: 20 });
    write(db, 0, 200);
    await until(() => pagesInDatabaseFile(path) >= 200, 'a checkpoint');
    write(db, 200, 100);
    await until(() => pagesInDatabaseFile(path) >= 300, 'the second batch in the file');
    await until(() => checkpointer.state().files.has(path), 'the report');
    const wal = checkpointer.state().files.get(path)!;
    expect(wal.logPages).toBeGreaterThan(0);
    expect(wal.uncopiedPages).toBe(0);
    await checkpointer.close();
    db.close();
  });

  it('tells how much of a log a reader holding an old snapshot keeps it from copying', async () => {
    const { path, db } = walFile();
    const checkpointer = new WalCheckpointer([db], { intervalMs: 10 });
    write(db, 0, 10);
    const reader = new Database(path);
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM rows').get();
    write(db, 10, 100);
    await until(() => (checkpointer.state().files.get(path)?.uncopiedPages ?? 0) > 0, 'pages held back');
    reader.prepare('COMMIT').run();
    await until(() => checkpointer.state().files.get(path)?.uncopiedPages === 0, 'every page copied');
    reader.close();
    await checkpointer.close();
    db.close();
  });

  it('starts a long log over while commits never stop, instead of letting it grow as long as they last', async () => {
    const { path, db, directory } = walFile();
    const checkpointer = new WalCheckpointer([db], { intervalMs: 5 });
    const insert = db.prepare('INSERT INTO rows (id, body) VALUES (?, ?)');
    // 6,000 commits of a page each, a task apart: no round of the thread ever finds the whole log copied,
    // and SQLite starts a log over only at a commit that begins when it is.
    const restarts = new Set<number>();
    for (let id = 0; id < 6000; id++) {
      insert.run(id, 'x'.repeat(2048));
      restarts.add(checkpointSequence(`${path}-wal`));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(checkpointer.state().files.get(path)?.handovers).toBeGreaterThan(0);
    expect(restarts.size).toBeGreaterThan(2);
    await checkpointer.close();
    expect(rowsInDatabaseFile(path, directory)).toBe(6000);
    db.close();
  });

  it('leaves the last pages to the thread when this connection is not the one committing', async () => {
    const { path, db } = walFile();
    const writer = new Database(path);
    const checkpointer = new WalCheckpointer([db], { intervalMs: 5 });
    const insert = writer.prepare('INSERT INTO rows (id, body) VALUES (?, ?)');
    for (let id = 0; id < 6000; id++) {
      insert.run(id, 'x'.repeat(2048));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => (checkpointer.state().files.get(path)?.logPages ?? 0) > 0, 'a report');
    expect(checkpointer.state().files.get(path)?.handovers).toBe(0);
    await checkpointer.close();
    writer.close();
    db.close();
  });

  it('hands checkpoints back to the connection when the thread dies, and says so once', async () => {
    const { path, db, directory } = walFile();
    const failures: Error[] = [];
    const checkpointer = new WalCheckpointer([db], {
      intervalMs: 60_000,
      onFailure: (error) => failures.push(error),
    });
    // Simulates the thread crashing: reached through the internals, as nothing public kills it.
    await (checkpointer as unknown as { worker: Worker }).worker.terminate();
    await until(() => !checkpointer.state().inThread, 'the failure to be noticed');
    expect(failures.map((failure) => failure.message)).toEqual([
      expect.stringMatching(/^The WAL checkpoint thread failed \(.*\); connections checkpoint themselves$/),
    ]);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // The connection checkpoints itself again: past 1,000 pages its own commit copies the log.
    write(db, 0, 1500);
    expect(rowsInDatabaseFile(path, directory)).toBeGreaterThan(0);
    await checkpointer.close();
    db.close();
  });

  it('shares a file with the checkpoint thread of another process (API and worker) without failing', async () => {
    const { path, db, directory } = walFile();
    const failures: Error[] = [];
    const other = new Database(path);
    const ours = new WalCheckpointer([db], {
      intervalMs: 5,
      onFailure: (error) => failures.push(error),
    });
    const theirs = new WalCheckpointer([other], {
      intervalMs: 5,
      onFailure: (error) => failures.push(error),
    });
    for (let round = 0; round < 20; round++) {
      write(db, round * 50, 50);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => pagesInDatabaseFile(path) >= 1000, 'every row in the file');
    expect(failures).toEqual([]);
    expect(ours.state().inThread && theirs.state().inThread).toBe(true);
    await Promise.all([ours.close(), theirs.close()]);
    expect(rowsInDatabaseFile(path, directory)).toBe(1000);
    other.close();
    db.close();
  });

  it('reports a file it cannot open as a failure instead of leaving the log to grow', async () => {
    const { db, directory } = walFile();
    // A connection whose file's folder is gone by the time the thread opens it by its path.
    const gone = join(directory, 'gone');
    mkdirSync(gone);
    const vault = new Database(join(gone, 'vault.sqlite'));
    rmSync(gone, { recursive: true });
    const failures: Error[] = [];
    const checkpointer = new WalCheckpointer([db, vault], {
      intervalMs: 20,
      onFailure: (error) => failures.push(error),
    });
    await until(() => failures.length > 0, 'the failure');
    expect(failures[0]!.message).toMatch(/WAL checkpoint thread failed/);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpointer.close();
    vault.close();
    db.close();
  });
});
