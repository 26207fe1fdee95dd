import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_SERVER, ensureBuilt } from './built-server.js';

describe('the built server on a network address with a published secret', () => {
  it("given HOST=0.0.0.0 and docker-compose.yml's former default secret, then it refuses to start and says why", () => {
    ensureBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-secret-'));
    try {
      const run = spawnSync(process.execPath, [BUILT_SERVER], {
        env: {
          ...process.env,
          NODE_ENV: 'development',
          DATA_DIR: dataDir,
          HOST: '0.0.0.0',
          PORT: '0',
          AUTH_JWT_SECRET: 'change-me-this-is-a-development-secret-of-32-bytes',
        },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(78);
      expect(run.stderr).toContain('AUTH_JWT_SECRET is a value published in this repository');
      expect(run.stderr).toContain('openssl rand -base64 32');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
