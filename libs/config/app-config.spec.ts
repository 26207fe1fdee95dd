import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadConfig } from './index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'config-'));
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ DATA_DIR: dataDir, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return [...error.problems];
    throw error;
  }
};

describe('configuration, validated at start', () => {
  it('starts the embedded default with a generated dev secret', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      eventStore: 'sqlite',
      sqliteSynchronous: 'FULL',
      auth: { secretSource: 'dev-secret-file' },
    });
    expect(loadConfig({ DATA_DIR: dataDir }).auth.secret).toBe(config.auth.secret);
  });

  it('refuses the HS256 dev secret in production and requires a JWKS URL', () => {
    expect(problemsOf({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40) })).toContain(
      'AUTH_JWT_SECRET (HS256 dev tokens) is refused in production: set AUTH_JWKS_URL',
    );
    expect(problemsOf({ NODE_ENV: 'production' })).toContain('AUTH_JWKS_URL is required in production');
    expect(problemsOf({ NODE_ENV: 'production', AUTH_JWKS_URL: 'http://idp/jwks' })).toContain(
      'AUTH_JWKS_URL must use https in production',
    );
    expect(
      problemsOf({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp/jwks', AUTH_DEV_TOKENS: 'true' }),
    ).toContain('AUTH_DEV_TOKENS=true is not allowed in production');
  });

  it('calls lost customers back after 3 months by default (seed 004 「3 个月未回站用户」), another period, or off', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).lostCustomerPeriod).toBe('P3M');
    expect(loadConfig({ DATA_DIR: dataDir, LOST_CUSTOMER_PERIOD: 'P90D' }).lostCustomerPeriod).toBe('P90D');
    expect(loadConfig({ DATA_DIR: dataDir, LOST_CUSTOMER_PERIOD: 'off' }).lostCustomerPeriod).toBeNull();
    expect(problemsOf({ LOST_CUSTOMER_PERIOD: 'three months' })).toEqual([
      expect.stringMatching(/^LOST_CUSTOMER_PERIOD: /),
    ]);
  });

  it('sweeps wherever the read models are fed, unless SWEEPS=false', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).sweeps).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir, SWEEPS: 'false' }).sweeps).toBe(false);
    expect(problemsOf({ SWEEPS: 'sometimes' }).join('\n')).toMatch(/SWEEPS/);
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: 'short' })).toContain('AUTH_JWT_SECRET must be at least 32 bytes');
  });

  it('names every bad value at once', () => {
    expect(
      problemsOf({
        PORT: 'eighty',
        EVENT_STORE: 'mongo',
        LOG_LEVEL: 'loud',
        SLA_COMPLAINT_FEEDBACK: '1 day',
      }),
    ).toEqual([
      "EVENT_STORE must be one of sqlite, esdb, postgres, got 'mongo'",
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      "PORT must be an integer from 0 to 65535, got 'eighty'",
      expect.stringContaining('SLA_COMPLAINT_FEEDBACK'),
    ]);
  });

  it('needs a connection string for EventStoreDB', () => {
    expect(problemsOf({ EVENT_STORE: 'esdb' })).toEqual([
      expect.stringContaining('ESDB_CONNECTION_STRING is required'),
    ]);
    expect(problemsOf({ EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'http://x' })).toEqual([
      expect.stringContaining('must start with esdb://'),
    ]);
  });

  it('needs a PostgreSQL URL for the PostgreSQL store', () => {
    expect(problemsOf({ EVENT_STORE: 'postgres' })).toEqual([
      expect.stringContaining('DATABASE_URL is required when EVENT_STORE=postgres'),
    ]);
    expect(problemsOf({ EVENT_STORE: 'postgres', DATABASE_URL: 'mysql://db/x' })).toEqual([
      'DATABASE_URL must start with postgres:// or postgresql://',
    ]);
    expect(
      loadConfig({ DATA_DIR: dataDir, EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/x' }),
    ).toMatchObject({ eventStore: 'postgres', databaseUrl: 'postgres://db/x' });
  });

  it('shares the read models in the database on PostgreSQL and keeps them local elsewhere, unless READ_MODELS says otherwise', () => {
    const onPostgres = { DATA_DIR: dataDir, EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/x' };
    expect(loadConfig(onPostgres).readModels).toBe('shared');
    expect(loadConfig({ ...onPostgres, READ_MODELS: 'local' }).readModels).toBe('local');
    expect(loadConfig({ DATA_DIR: dataDir }).readModels).toBe('local');
    expect(problemsOf({ READ_MODELS: 'shared' })).toEqual([
      'READ_MODELS=shared needs EVENT_STORE=postgres: the read models are shared in its database',
    ]);
    expect(problemsOf({ READ_MODELS: 'everywhere' }).join('\n')).toMatch(/READ_MODELS/);
  });

  it('moves a silent holder’s duties after 15 s by default, or DUTY_TAKEOVER_MS', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).dutyTakeoverMs).toBe(15_000);
    expect(loadConfig({ DATA_DIR: dataDir, DUTY_TAKEOVER_MS: '5000' }).dutyTakeoverMs).toBe(5000);
    expect(problemsOf({ DUTY_TAKEOVER_MS: '10' }).join('\n')).toMatch(/DUTY_TAKEOVER_MS/);
  });

  it('keeps the audit anchors in a file of their own, by default beside the log, anchored every 30 s', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).auditAnchors).toEqual({
      path: join(dataDir, 'audit-anchors.sqlite'),
      intervalMs: 30_000,
    });
    expect(
      loadConfig({ DATA_DIR: dataDir, AUDIT_ANCHOR_PATH: '/mnt/worm/anchors.sqlite' }).auditAnchors.path,
    ).toBe('/mnt/worm/anchors.sqlite');
    expect(problemsOf({ AUDIT_ANCHOR_PATH: join(dataDir, 'events.sqlite') })).toEqual([
      expect.stringContaining('AUDIT_ANCHOR_PATH must be a file of its own'),
    ]);
    expect(problemsOf({ AUDIT_ANCHOR_INTERVAL_MS: '0' })).toEqual([
      "AUDIT_ANCHOR_INTERVAL_MS must be an integer from 100 to 3600000, got '0'",
    ]);
  });
});

describe('configuration of the HTTP server against slow and idle clients', () => {
  it('gives every timeout and the connection cap a default', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).http).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 10_000,
      idleTimeoutMs: 60_000,
      maxConnections: 4096,
      maxRequestsPerSocket: 0,
    });
  });

  it('refuses a headers timeout longer than the request timeout, and a cap of 0', () => {
    expect(
      problemsOf({
        HTTP_REQUEST_TIMEOUT_MS: '5000',
        HTTP_HEADERS_TIMEOUT_MS: '6000',
        HTTP_MAX_CONNECTIONS: '0',
      }),
    ).toEqual([
      expect.stringContaining('HTTP_MAX_CONNECTIONS must be an integer from 1'),
      'HTTP_HEADERS_TIMEOUT_MS (6000) must not exceed HTTP_REQUEST_TIMEOUT_MS (5000)',
    ]);
  });
});

describe('an HS256 secret on a server reachable from the network', () => {
  const composeDefault = 'change-me-this-is-a-development-secret-of-32-bytes';
  const random = 'q3V9x-Lr7TzYw2Kp0sNcFh4JmB8dGe6U';

  it.each(['0.0.0.0', '::', '192.168.1.20'])(
    'given HOST=%s, then published and placeholder secrets stop the start',
    (host) => {
      expect(problemsOf({ HOST: host, AUTH_JWT_SECRET: composeDefault })).toEqual([
        expect.stringContaining('AUTH_JWT_SECRET is a value published in this repository'),
      ]);
      expect(problemsOf({ HOST: host, AUTH_JWT_SECRET: 'x'.repeat(40) })).toEqual([
        expect.stringContaining('fewer than 10 distinct characters'),
      ]);
      expect(problemsOf({ HOST: host, AUTH_JWT_SECRET: random })).toEqual([]);
    },
  );

  it.each(['127.0.0.1', 'localhost', '::1', '127.0.0.2'])(
    'given HOST=%s (loopback), then they may run',
    (host) => {
      expect(problemsOf({ HOST: host, AUTH_JWT_SECRET: composeDefault })).toEqual([]);
      expect(problemsOf({ HOST: host, AUTH_JWT_SECRET: 'x'.repeat(40) })).toEqual([]);
    },
  );

  it('given a short secret, then it is refused wherever the server listens', () => {
    expect(problemsOf({ HOST: '127.0.0.1', AUTH_JWT_SECRET: 'short' })).toContain(
      'AUTH_JWT_SECRET must be at least 32 bytes',
    );
  });
});

describe('who may read /metrics', () => {
  const jwks = { AUTH_JWKS_URL: 'https://idp.example/jwks.json' };

  it('is open outside production, off in production, and needs the token wherever METRICS_TOKEN is set', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).metrics).toEqual({ access: 'open' });
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', ...jwks }).metrics).toEqual({
      access: 'off',
    });
    expect(
      loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', ...jwks, METRICS_PUBLIC: 'true' }).metrics,
    ).toEqual({ access: 'open' });
    expect(
      loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', ...jwks, METRICS_TOKEN: 't'.repeat(16) })
        .metrics,
    ).toEqual({ access: 'token', token: 't'.repeat(16) });
  });

  it('refuses a short token, and a token together with METRICS_PUBLIC=true', () => {
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN must be at least 16 bytes']);
    expect(problemsOf({ METRICS_TOKEN: 't'.repeat(16), METRICS_PUBLIC: 'true' })).toEqual([
      'METRICS_PUBLIC=true contradicts METRICS_TOKEN: set one of them',
    ]);
  });
});
