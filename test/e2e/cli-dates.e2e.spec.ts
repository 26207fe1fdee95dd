import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './built-server.js';
import { TEST_SECRET } from './engine-under-test.js';

const CLI = join(process.cwd(), 'dist', 'apps', 'cli', 'main.js');

/** The CLI's audit export reads its period as the HTTP queries do: unreadable dates are refused by name. */
describe('audit export on the command line: dates Date cannot read are refused, naming the option', () => {
  let dataDir: string;
  const exportWith = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'audit', 'export', ...args], {
      env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_SECRET },
      encoding: 'utf8',
    });
  beforeAll(() => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'aftersales-cli-dates-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['--from', '2026-W01'],
    ['--to', '2026-02-30'],
  ])('given %s %s, then exit 2 naming the option, and nothing exported', (option, date) => {
    const run = exportWith(option, date);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${option} must be a date YYYY-MM-DD (UTC) or`);
    expect(run.stdout).toBe('');
  });

  it('given readable bounds, then the export runs', () => {
    const run = exportWith('--from', '2026-03-01', '--to', '2026-03-02T10:00:00+08:00');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('"anchor"');
  });
});
