import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken } from '../../libs/auth/index.js';
import { complaintIntake, customerService } from './complaint-fixtures.js';
import { TEST_SECRET } from './engine-under-test.js';
import { ensureBuilt, startBuiltServer, type BuiltServer } from './built-server.js';

const CLI = join(process.cwd(), 'dist', 'apps', 'cli', 'main.js');
const WORKER = join(process.cwd(), 'dist', 'apps', 'worker', 'main.js');

function cli(dataDir: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_SECRET },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Starts the built worker; resolves once it says it started, or with its exit code and output. */
function startWorker(dataDir: string) {
  const child = spawn(process.execPath, [WORKER], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const outcome = new Promise<{ started: boolean; code: number | null; output: string }>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker started')) resolve({ started: true, code: null, output });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ started: false, code, output }));
  });
  return { child, outcome };
}

describe('one writer per DATA_DIR: a second server is refused, the CLI still reads', () => {
  let dataDir: string;
  const running: BuiltServer[] = [];
  beforeAll(() => ensureBuilt());
  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second API server on the same DATA_DIR, naming it and the holder; verify runs beside it', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'aftersales-lock-'));
    const first = await startBuiltServer(dataDir);
    running.push(first);
    const token = await issueDevToken(TEST_SECRET, customerService);
    const created = await fetch(`${first.baseUrl}/api/v1/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(complaintIntake()),
    });
    expect(created.status).toBe(201);
    await created.text();

    const second = await startBuiltServer(dataDir).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(second).toContain('server exited with 75');
    expect(second).toContain(`DATA_DIR ${dataDir} is in use`);
    expect(second).toContain(`held by process ${first.child.pid}`);

    // Read-only commands run beside the server; rebuilding its read models does not.
    const verify = cli(dataDir, 'audit', 'verify', '--all');
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout.trim())).toMatchObject({ summary: { cases: 1, casesWithProblems: 0 } });
    const rebuild = cli(dataDir, 'projections', 'rebuild');
    expect(rebuild.code).toBe(75);
    expect(rebuild.stderr).toContain('projector lock is held by process');
    // A worker beside an API that runs its own projections is refused too.
    const worker = await startWorker(dataDir).outcome;
    expect(worker).toMatchObject({ started: false, code: 75 });

    // The lock dies with its holder: kill -9 leaves nothing that blocks a restart.
    await first.stop('SIGKILL');
    running.push(await startBuiltServer(dataDir));
  });

  it('keeps the split deployment: an API with IN_PROCESS_WORKER=false and one worker share a DATA_DIR', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'aftersales-lock-split-'));
    const api = await startBuiltServer(dataDir, { IN_PROCESS_WORKER: 'false' });
    running.push(api);
    const worker = startWorker(dataDir);
    try {
      expect(await worker.outcome).toMatchObject({ started: true });
      expect((await startWorker(dataDir).outcome).code).toBe(75);
      const token = await issueDevToken(TEST_SECRET, customerService);
      const created = await fetch(`${api.baseUrl}/api/v1/complaints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(complaintIntake()),
      });
      expect(created.status).toBe(201);
      await created.text();
      // The worker's projections reach the API's lists.
      let items: unknown[] = [];
      for (let attempt = 0; attempt < 100 && items.length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const list = await fetch(`${api.baseUrl}/api/v1/complaints`, {
          headers: { authorization: `Bearer ${token}` },
        });
        items = ((await list.json()) as { items: unknown[] }).items;
      }
      expect(items).toHaveLength(1);
    } finally {
      const exited = new Promise((resolve) => worker.child.once('exit', resolve));
      worker.child.kill('SIGKILL');
      await exited;
    }
  });
});
