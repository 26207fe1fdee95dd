import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock, DataDirLockedError } from './data-dir-lock.js';

/** A process that takes the lock the way DataDirLock does and keeps it until it is killed. */
function holdInAnotherProcess(dataDir: string, role: string) {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(join(dataDir, `${role}.lock`))}, { timeout: 0 });
    db.exec('BEGIN IMMEDIATE');
    require('fs').writeFileSync(${JSON.stringify(join(dataDir, `${role}.lock.holder`))},
      JSON.stringify({ pid: process.pid, host: 'h', since: 'now', command: 'holder' }));
    console.log('held');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const held = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return { child, held };
}

describe('one process per DATA_DIR role', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'lock-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second holder of the same role, names the first, and lets it go on release', () => {
    const first = DataDirLock.acquire(dataDir, 'api', 'api server');
    expect(statSync(join(dataDir, 'api.lock')).mode & 0o777).toBe(0o600);
    expect(() => DataDirLock.acquire(dataDir, 'api', 'second api')).toThrow(DataDirLockedError);
    try {
      DataDirLock.acquire(dataDir, 'api', 'second api');
    } catch (error) {
      expect((error as Error).message).toContain(`DATA_DIR ${dataDir} is in use`);
      expect((error as Error).message).toContain(`process ${process.pid}`);
    }
    // Another role on the same DATA_DIR is free: an API and a worker share a DATA_DIR.
    const projector = DataDirLock.acquire(dataDir, 'projector', 'worker');
    first.release();
    DataDirLock.acquire(dataDir, 'api', 'restarted api').release();
    projector.release();
  });

  it('dies with its process: kill -9 leaves no stale lock', async () => {
    const { child, held } = holdInAnotherProcess(dataDir, 'api');
    await held;
    expect(DataDirLock.tryAcquire(dataDir, 'api', 'second')).toBeUndefined();
    expect(() => DataDirLock.acquire(dataDir, 'api', 'second')).toThrow(`process ${child.pid} on h`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const lock = DataDirLock.acquire(dataDir, 'api', 'after the crash');
    lock.release();
  });
});
