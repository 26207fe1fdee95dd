import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { complaintIntake, customerService } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

describe('DATA_DIR is private to the engine’s user', () => {
  let parent: string;
  let engine: EngineUnderTest;
  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'aftersales-modes-'));
    // A folder the engine creates itself, in a process whose umask (022) would make it 0755 and files 0644.
    engine = await EngineUnderTest.start({ keepDataDir: join(parent, 'data') });
    const created = await engine.request('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake(),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await engine.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('given a running engine that has recorded a case, the folder is 0700 and every file in it 0600', () => {
    const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);
    expect(mode(engine.directory)).toBe('700');
    const files = readdirSync(engine.directory);
    // The logs and shared-memory files SQLite creates beside each database are covered too.
    expect(files).toEqual(
      expect.arrayContaining([
        'events.sqlite',
        'events.sqlite-wal',
        'personal-data.sqlite',
        'personal-data.sqlite-wal',
        'personal-data.sqlite-shm',
        'readmodels.sqlite',
        'readmodels.sqlite-wal',
      ]),
    );
    expect(Object.fromEntries(files.map((file) => [file, mode(join(engine.directory, file))]))).toEqual(
      Object.fromEntries(files.map((file) => [file, '600'])),
    );
  });
});
