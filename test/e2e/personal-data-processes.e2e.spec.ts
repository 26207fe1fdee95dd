import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken } from '../../libs/auth/index.js';
import { ensureBuilt, startBuiltServer, type BuiltServer } from './built-server.js';
import { complaintIntake, customerService } from './complaint-fixtures.js';
import { TEST_SECRET, type Caller } from './engine-under-test.js';

const CLI = join(process.cwd(), 'dist', 'apps', 'cli', 'main.js');

interface View {
  id: string;
  data: { customer: { name: string; phone: string } };
}

/** The built server in one process, the CLI in another, on one DATA_DIR. */
describe('personal data: an erasure from another process takes effect in the running server at once', () => {
  let dataDir: string;
  let server: BuiltServer;
  const call = async <T>(method: string, path: string, caller: Caller, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await issueDevToken(TEST_SECRET, caller, new Date())}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return (await response.json()) as T;
  };
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'aftersales-pd-processes-'));
    server = await startBuiltServer(dataDir);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a case the server has shown in clear, when the CLI erases it, the server shows [erased] on the next read', async () => {
    const created = await call<View>('POST', '/api/v1/complaints', customerService, complaintIntake());
    const shown = await call<View>('GET', `/api/v1/complaints/${created.id}`, customerService);
    expect(shown.data.customer.phone).toBe('13800138000');
    const vaultFile = new Database(join(dataDir, 'personal-data.sqlite'), { readonly: true });
    const { key } = vaultFile
      .prepare('SELECT key FROM subject_keys WHERE subject_id = ?')
      .get(created.id) as {
      key: Buffer;
    };
    vaultFile.close();

    const erased = cli(
      'personal-data',
      'erase',
      '--case',
      created.id,
      '--reason',
      'customer request',
      '--by',
      'privacy.li',
    );
    expect(erased.stderr).toBe('');
    expect(erased.status).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ caseId: created.id, erasedBy: { id: 'privacy.li' } });

    const after = await call<View>('GET', `/api/v1/complaints/${created.id}`, customerService);
    expect(after.data.customer).toMatchObject({ name: '[erased]', phone: '[erased]' });
    const history = await call<{ personalDataErasure: { reason: string } | null }>(
      'GET',
      `/api/v1/complaints/${created.id}/history`,
      customerService,
    );
    expect(history.personalDataErasure).toMatchObject({ reason: 'customer request' });
    expect(readdirSync(dataDir).filter((file) => readFileSync(join(dataDir, file)).includes(key))).toEqual(
      [],
    );
  });

  it('lists no legacy fingerprint for cases recorded with keyed ones', () => {
    const listed = cli('personal-data', 'legacy-fingerprints');
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout.trim().split('\n').pop()!)).toEqual({
      summary: { listed: 0, ofErasedCases: 0 },
    });
  });
});
