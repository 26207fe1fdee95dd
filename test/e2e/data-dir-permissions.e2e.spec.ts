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
    const attached = await fetch(
      `${engine.baseUrl}/api/v1/complaints/${(created.body as { id: string }).id}/attachments?kind=invoice&fileName=invoice.pdf`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await engine.token(customerService)}`,
          'content-type': 'application/pdf',
        },
        body: Buffer.from('%PDF-1.7 an invoice'),
      },
    );
    expect(attached.status).toBe(201);
  });
  afterAll(async () => {
    await engine.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('given a running engine that has recorded a case and an attachment, the folders are 0700 and every file in them 0600', () => {
    const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);
    expect(mode(engine.directory)).toBe('700');
    const blobs = join(engine.directory, 'attachments');
    expect(mode(blobs)).toBe('700');
    expect(readdirSync(blobs).map((file) => mode(join(blobs, file)))).toEqual(['600']);
    const files = readdirSync(engine.directory).filter((file) => file !== 'attachments');
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
