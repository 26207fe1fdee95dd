import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { issueDevToken } from '../../libs/auth/index.js';
import { SqliteEventStore } from '../../libs/event-store/index.js';
import { complaintIntake } from './complaint-fixtures.js';
import { TEST_SECRET } from './engine-under-test.js';
import { ensureBuilt, startBuiltServer as startServer } from './built-server.js';

describe('crash safety: SIGKILL in the middle of a burst of appends', () => {
  let dataDir: string;
  beforeAll(() => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'aftersales-crash-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no acknowledged event and leaves the store readable and verifiable', async () => {
    const { child, baseUrl } = await startServer(dataDir);
    const token = await issueDevToken(TEST_SECRET, {
      sub: 'crash.cs',
      roles: ['customer_service'],
      dealerId: 'D001',
      regionId: 'R01',
    });
    const acknowledged: { id: string; position: number }[] = [];
    let stop = false;
    let failures = 0;
    const client = async (): Promise<void> => {
      while (!stop) {
        try {
          const response = await fetch(`${baseUrl}/api/v1/complaints`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(complaintIntake()),
          });
          if (response.status === 201) {
            const body = (await response.json()) as { id: string };
            acknowledged.push({ id: body.id, position: Number(response.headers.get('x-event-position')) });
          }
        } catch {
          failures += 1; // the server died mid-request: not acknowledged, so nothing is promised
          if (failures > 50) return;
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    stop = true;
    await Promise.all(clients);

    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    try {
      for (const { id, position } of acknowledged) {
        const [event] = await store.readStream(`complaint-${id}`);
        expect(event?.position).toBe(position);
      }
      let count = 0;
      let after = 0;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 1000 });
        count += page.events.length;
        if (page.isEnd) break;
        after = page.lastPosition;
      }
      expect(count).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await store.close();
    }
    const check = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    // The restarted server serves every acknowledged case.
    const again = await startServer(dataDir);
    try {
      const sample = acknowledged[acknowledged.length - 1]!;
      const response = await fetch(`${again.baseUrl}/api/v1/complaints/${sample.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((resolve) => again.child.once('exit', resolve));
    }
  });
});
