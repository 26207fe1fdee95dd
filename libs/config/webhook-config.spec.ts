import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadConfig } from './index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'webhook-config-'));
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ DATA_DIR: dataDir, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return [...error.problems];
    throw error;
  }
};

describe('webhook settings, validated at start', () => {
  it('given nothing set, delivers with a 10 s timeout, 15 attempts from 1 s doubling to 1 h, 8 at a time', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).webhooks).toEqual({
      timeoutMs: 10_000,
      maxAttempts: 15,
      retryBaseMs: 1000,
      retryMaxMs: 3_600_000,
      pollIntervalMs: 500,
      concurrency: 8,
      allowHttp: true,
    });
  });

  it('given production, subscription URLs must use https unless WEBHOOK_ALLOW_HTTP says otherwise', () => {
    const production = { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://id.example.com/jwks.json' };
    expect(loadConfig({ DATA_DIR: dataDir, ...production }).webhooks.allowHttp).toBe(false);
    expect(
      loadConfig({ DATA_DIR: dataDir, ...production, WEBHOOK_ALLOW_HTTP: 'true' }).webhooks.allowHttp,
    ).toBe(true);
  });

  it.each<[Record<string, string>, string]>([
    [{ WEBHOOK_TIMEOUT_MS: '5' }, 'WEBHOOK_TIMEOUT_MS must be an integer from 100 to 120000'],
    [{ WEBHOOK_MAX_ATTEMPTS: '0' }, 'WEBHOOK_MAX_ATTEMPTS must be an integer from 1 to 100'],
    [{ WEBHOOK_CONCURRENCY: 'many' }, 'WEBHOOK_CONCURRENCY must be an integer from 1 to 256'],
    [
      { WEBHOOK_RETRY_BASE_MS: '5000', WEBHOOK_RETRY_MAX_MS: '1000' },
      'WEBHOOK_RETRY_MAX_MS must not be below',
    ],
    [{ WEBHOOK_SECRET_KEY: 'c2hvcnQ=' }, 'WEBHOOK_SECRET_KEY must be 32 bytes in base64'],
    [{ WEBHOOK_ALLOW_HTTP: 'maybe' }, 'WEBHOOK_ALLOW_HTTP must be true or false'],
  ])('given %j, the process stops naming the setting', (env, problem) => {
    expect(problemsOf(env).join('\n')).toContain(problem);
  });

  it('given a 32-byte key in WEBHOOK_SECRET_KEY, it seals the subscription secrets', () => {
    const key = Buffer.alloc(32, 7);
    expect(
      loadConfig({ DATA_DIR: dataDir, WEBHOOK_SECRET_KEY: key.toString('base64') }).webhooks.secretKey,
    ).toEqual(key);
  });
});
