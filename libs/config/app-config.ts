import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { InvalidDealerDirectoryError, readDealerDirectory, type DealerDirectory } from '../auth/index.js';
import { ConfigurationError } from '../kernel/index.js';
import { defaultConsoleDirectory } from './console-directory.js';
import { networkSecretProblem } from './network-secret.js';
import { parseIsoDuration } from '../sla/index.js';
import { slaSettingProblems } from './sla-settings.js';

export type EventStoreKind = 'sqlite' | 'esdb' | 'postgres';
export type SqliteSynchronous = 'FULL' | 'NORMAL';

/** Typed configuration, validated once at start; a bad value stops the process with a clear message. */
export interface AppConfig {
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStore: EventStoreKind;
  readonly esdbConnectionString?: string;
  /** With EVENT_STORE=postgres: postgres://user:password@host:port/database. */
  readonly databaseUrl?: string;
  /**
   * Where the read models (lists, queues, deadlines, reports, audit index, customer records, delegations)
   * are kept: `shared` in the PostgreSQL database, each projection run by one node at a time (the default
   * with EVENT_STORE=postgres); `local` in each node's `DATA_DIR/readmodels.sqlite`, fed by every node.
   */
  readonly readModels: 'local' | 'shared';
  readonly sqliteSynchronous: SqliteSynchronous;
  /** Concurrent appends share one SQLite transaction and fsync; each is acknowledged after the commit. */
  readonly sqliteGroupCommit: boolean;
  /** Group commits run in a writer thread (SQL and fsync on the second core). */
  readonly sqliteWriterThread: boolean;
  readonly logLevel: string;
  readonly auth: {
    readonly secret?: string;
    /** Where the secret came from, for the start-up message. */
    readonly secretSource: 'environment' | 'dev-secret-file' | 'none';
    readonly jwksUrl?: string;
    readonly issuer?: string;
    readonly audience?: string;
    readonly clockToleranceSeconds: number;
    /** The longest lifetime (exp) a token may have; longer ones are refused (AUTH_MAX_TOKEN_LIFETIME_SECONDS). */
    readonly maxTokenLifetimeSeconds: number;
    readonly devTokens: boolean;
  };
  /** How long a command response waits for its event to reach the read models (read-your-writes). */
  readonly projectionWaitMs: number;
  /** Hot cases kept folded in memory. */
  readonly caseCacheSize: number;
  /** A case snapshot after every this many events of a case; 0 keeps none. */
  readonly caseSnapshotInterval: number;
  /** How often a thread checkpoints the read models' and the vault's WAL (ms); 0: SQLite does, in commits. */
  readonly walCheckpointIntervalMs: number;
  readonly bodyLimitBytes: number;
  /**
   * Who may read /metrics: `token` (METRICS_TOKEN as a bearer), `open` (no token; the default outside
   * production) or `off` (404; the default in production without METRICS_TOKEN).
   */
  readonly metrics:
    { readonly access: 'token'; readonly token: string } | { readonly access: 'open' | 'off' };
  /** The HTTP server's limits against slow and idle clients (docs/security.md#limits). */
  readonly http: HttpServerLimits;
  /** Requests per minute per caller (token sub); 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  readonly corsOrigins: readonly string[];
  /** The built web console served at `/`; null turns it off (CONSOLE_DIR=off). */
  readonly consoleDir: string | null;
  /** Run the projection runner and the SLA sweeper in this process (the embedded default). */
  readonly inProcessWorker: boolean;
  /**
   * Whether the process that feeds the read models also sweeps (SLA deadlines, lost customers). Off on
   * the nodes of a deployment that confines the sweeps to some nodes (docs/operations.md).
   */
  readonly sweeps: boolean;
  /**
   * On PostgreSQL, how long the node holding a duty (SLA sweeper, lost-customer sweep, webhook delivery)
   * may go unheard before another node takes the duty over (ms).
   */
  readonly dutyTakeoverMs: number;
  /** Dealer → region (DEALER_DIRECTORY, a JSON file); absent: the bundled demo directory. */
  readonly dealerDirectoryFile?: string;
  /** The dealer directory read from it (or the bundled one), checked at start. */
  readonly dealerDirectory: DealerDirectory;
  /** Audit anchors (docs/audit.md): a file apart from the event log, and how often new events are anchored (ms). */
  readonly auditAnchors: { readonly path: string; readonly intervalMs: number };
  /** Webhook deliveries to subscribed systems (docs/integrations.md). */
  readonly webhooks: WebhookConfig;
  /** Documents attached to cases (docs/console.md "Attachments"): the largest file and the media types taken. */
  readonly attachments: AttachmentLimits;
  /**
   * LOST_CUSTOMER_PERIOD: a vehicle not seen for this long (ISO 8601, default P3M) gets a callback,
   * scheduled by the lost-customer sweep where the SLA sweeper runs; null turns it off (`off`).
   */
  readonly lostCustomerPeriod: string | null;
  /**
   * The environment this configuration was read from, for the settings whose names the workflows
   * define: SLA_* overrides (checked against the workflows' clocks when the runtime opens) and the
   * workflows' reference data (WARRANTY_POLICY_DIR, read by workflows/registered-workflows.ts).
   */
  readonly environment: Readonly<Record<string, string | undefined>>;
}

/** Timeouts (ms) and caps of the HTTP server; each refuses or closes a connection, never queues it. */
export interface HttpServerLimits {
  /** Whole request (headers and body) received within this, or 408 and the connection closes. */
  readonly requestTimeoutMs: number;
  /** Headers received within this (a connection that sends nothing is closed after it too). */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** A connection without any traffic (either way) for this long is closed. */
  readonly idleTimeoutMs: number;
  /** Open connections at most; a connection beyond it is closed as soon as it is accepted. */
  readonly maxConnections: number;
  /** Requests served on one connection before it is closed; 0: no cap. */
  readonly maxRequestsPerSocket: number;
}

export interface AttachmentLimits {
  /** The largest attachment accepted (bytes); a larger upload is 413. */
  readonly maxBytes: number;
  /** Media types an attachment may have (lower case, no parameters); any other is 415. */
  readonly mediaTypes: readonly string[];
}

/** Scans and photos of paper documents: PDF, JPEG, PNG, WebP. */
export const DEFAULT_ATTACHMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];

export interface WebhookConfig {
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly pollIntervalMs: number;
  readonly concurrency: number;
  /** 32 bytes that seal subscription secrets at rest; absent: a key file in DATA_DIR (created 0600). */
  readonly secretKey?: Buffer;
  /** Whether subscription URLs may use plain http (default: outside production only). */
  readonly allowHttp: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const DEV_SECRET_FILE = 'dev-jwt-secret';

/**
 * The one place that reads the process environment: every setting parsed and checked once, at start.
 * Settings whose names only the workflows know are checked where the workflows are loaded.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
      return fallback;
    }
    return value;
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${name} must be true or false, got '${raw}'`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
      return fallback;
    }
    return raw as T;
  };

  const dataDirRaw = env.DATA_DIR || './data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(process.cwd(), dataDirRaw);
  const eventStore = oneOf<EventStoreKind>('EVENT_STORE', ['sqlite', 'esdb', 'postgres'], 'sqlite');
  const esdbConnectionString = env.ESDB_CONNECTION_STRING || undefined;
  if (eventStore === 'esdb' && !esdbConnectionString) {
    problems.push(
      'ESDB_CONNECTION_STRING is required when EVENT_STORE=esdb (e.g. esdb://localhost:2113?tls=false)',
    );
  }
  if (esdbConnectionString && !/^(esdb|kurrentdb|kdb)(\+discover)?:\/\//.test(esdbConnectionString)) {
    problems.push(
      `ESDB_CONNECTION_STRING must start with esdb:// or esdb+discover://, got '${esdbConnectionString}'`,
    );
  }

  const databaseUrl = env.DATABASE_URL || undefined;
  if (eventStore === 'postgres' && !databaseUrl) {
    problems.push(
      'DATABASE_URL is required when EVENT_STORE=postgres (e.g. postgres://engine:secret@db:5432/aftersales)',
    );
  }
  const readModels = oneOf<'local' | 'shared'>(
    'READ_MODELS',
    ['local', 'shared'],
    eventStore === 'postgres' ? 'shared' : 'local',
  );
  if (readModels === 'shared' && eventStore !== 'postgres') {
    problems.push(
      'READ_MODELS=shared needs EVENT_STORE=postgres: the read models are shared in its database',
    );
  }
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }

  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  if (jwksUrl !== undefined) {
    try {
      const url = new URL(jwksUrl);
      if (production && url.protocol !== 'https:')
        problems.push('AUTH_JWKS_URL must use https in production');
    } catch {
      problems.push(`AUTH_JWKS_URL is not a URL: '${jwksUrl}'`);
    }
  }
  let secret = env.AUTH_JWT_SECRET || undefined;
  let secretSource: AppConfig['auth']['secretSource'] = secret ? 'environment' : 'none';
  if (secret !== undefined && Buffer.byteLength(secret) < 32) {
    problems.push('AUTH_JWT_SECRET must be at least 32 bytes');
  }
  const host = env.HOST || '127.0.0.1';
  const exposedSecret = secret !== undefined ? networkSecretProblem(secret, host) : undefined;
  if (exposedSecret !== undefined) problems.push(exposedSecret);
  if (production && secret !== undefined && jwksUrl === undefined) {
    problems.push('AUTH_JWT_SECRET (HS256 dev tokens) is refused in production: set AUTH_JWKS_URL');
  }
  if (production && jwksUrl === undefined && secret === undefined) {
    problems.push('AUTH_JWKS_URL is required in production');
  }
  if (!production && secret === undefined && jwksUrl === undefined) {
    secret = devSecret(dataDir);
    secretSource = 'dev-secret-file';
  }
  // Zero-configuration local runs (no secret, no JWKS: the generated dev secret) get the console's dev
  // sign-in by default; any configured identity keeps it off unless asked for.
  const devTokens = boolean('AUTH_DEV_TOKENS', secretSource === 'dev-secret-file');
  if (devTokens && production) problems.push('AUTH_DEV_TOKENS=true is not allowed in production');

  const http: HttpServerLimits = {
    requestTimeoutMs: integer('HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    headersTimeoutMs: integer('HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    keepAliveTimeoutMs: integer('HTTP_KEEP_ALIVE_TIMEOUT_MS', 10_000, 100, 600_000),
    idleTimeoutMs: integer('HTTP_IDLE_TIMEOUT_MS', 60_000, 100, 3_600_000),
    maxConnections: integer('HTTP_MAX_CONNECTIONS', 4096, 1, 1_000_000),
    maxRequestsPerSocket: integer('HTTP_MAX_REQUESTS_PER_SOCKET', 0, 0, 1_000_000),
  };
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS (${http.headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${http.requestTimeoutMs})`,
    );
  }

  const metricsToken = env.METRICS_TOKEN || undefined;
  const metricsPublic = boolean('METRICS_PUBLIC', !production);
  if (metricsToken !== undefined && Buffer.byteLength(metricsToken) < 16)
    problems.push('METRICS_TOKEN must be at least 16 bytes');
  if (metricsToken !== undefined && env.METRICS_PUBLIC !== undefined && metricsPublic)
    problems.push('METRICS_PUBLIC=true contradicts METRICS_TOKEN: set one of them');
  const metrics: AppConfig['metrics'] =
    metricsToken !== undefined
      ? { access: 'token', token: metricsToken }
      : { access: metricsPublic ? 'open' : 'off' };

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const dealerDirectoryFile = env.DEALER_DIRECTORY ? resolve(process.cwd(), env.DEALER_DIRECTORY) : undefined;
  const dealerDirectoryProblems: string[] = [];
  const dealerDirectory = dealerDirectoryOf(dealerDirectoryFile, dealerDirectoryProblems);

  const config: AppConfig = {
    production,
    port: integer('PORT', 3000, 0, 65535),
    host,
    dataDir,
    eventStore,
    readModels,
    ...(esdbConnectionString ? { esdbConnectionString } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    sqliteSynchronous: oneOf<SqliteSynchronous>('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'], 'FULL'),
    sqliteGroupCommit: boolean('SQLITE_GROUP_COMMIT', true),
    sqliteWriterThread: boolean('SQLITE_WRITER_THREAD', true),
    logLevel,
    auth: {
      ...(secret ? { secret } : {}),
      secretSource,
      ...(jwksUrl ? { jwksUrl } : {}),
      ...(env.AUTH_ISSUER ? { issuer: env.AUTH_ISSUER } : {}),
      ...(env.AUTH_AUDIENCE ? { audience: env.AUTH_AUDIENCE } : {}),
      clockToleranceSeconds: integer('AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 600),
      // 12 h by default: a working day's sign-in; at most 7 days.
      maxTokenLifetimeSeconds: integer('AUTH_MAX_TOKEN_LIFETIME_SECONDS', 43_200, 60, 604_800),
      devTokens,
    },
    projectionWaitMs: integer('PROJECTION_WAIT_MS', 2000, 0, 60_000),
    caseCacheSize: integer('CASE_CACHE_SIZE', 10_000, 0, 10_000_000),
    caseSnapshotInterval: integer('CASE_SNAPSHOT_INTERVAL', 32, 0, 1_000_000),
    walCheckpointIntervalMs: integer('WAL_CHECKPOINT_INTERVAL_MS', 500, 0, 600_000),
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', 1_048_576, 1024, 50 * 1_048_576),
    http,
    metrics,
    rateLimitPerMinute: integer('RATE_LIMIT_PER_MINUTE', 1200, 0, 1_000_000),
    consoleDir: env.CONSOLE_DIR === 'off' ? null : env.CONSOLE_DIR || defaultConsoleDirectory(),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    inProcessWorker: boolean('IN_PROCESS_WORKER', true),
    sweeps: boolean('SWEEPS', true),
    dutyTakeoverMs: integer('DUTY_TAKEOVER_MS', 15_000, 1000, 600_000),
    ...(dealerDirectoryFile !== undefined ? { dealerDirectoryFile } : {}),
    dealerDirectory,
    auditAnchors: {
      path: auditAnchorPath(env.AUDIT_ANCHOR_PATH, dataDir, problems),
      intervalMs: integer('AUDIT_ANCHOR_INTERVAL_MS', 30_000, 100, 3_600_000),
    },
    webhooks: webhookConfig(env, production, integer, boolean, problems),
    lostCustomerPeriod: lostCustomerPeriod(env.LOST_CUSTOMER_PERIOD, problems),
    attachments: {
      maxBytes: integer('ATTACHMENT_MAX_BYTES', 10 * 1_048_576, 1024, 100 * 1_048_576),
      mediaTypes: attachmentMediaTypes(env.ATTACHMENT_MEDIA_TYPES, problems),
    },
    environment: env,
  };
  problems.push(...dealerDirectoryProblems, ...slaSettingProblems(env));
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

/** DEALER_DIRECTORY read and checked; the bundled demo directory stands in while problems are collected. */
function dealerDirectoryOf(file: string | undefined, problems: string[]): DealerDirectory {
  try {
    return readDealerDirectory(file);
  } catch (error) {
    if (!(error instanceof InvalidDealerDirectoryError)) throw error;
    problems.push(...error.problems.map((problem) => `DEALER_DIRECTORY ${problem}`));
    return readDealerDirectory(undefined);
  }
}

/** WEBHOOK_* settings (docs/integrations.md). */
function webhookConfig(
  env: Readonly<Record<string, string | undefined>>,
  production: boolean,
  integer: (name: string, fallback: number, min: number, max: number) => number,
  boolean: (name: string, fallback: boolean) => boolean,
  problems: string[],
): WebhookConfig {
  const retryBaseMs = integer('WEBHOOK_RETRY_BASE_MS', 1000, 10, 3_600_000);
  const retryMaxMs = integer('WEBHOOK_RETRY_MAX_MS', 3_600_000, 10, 86_400_000);
  if (retryMaxMs < retryBaseMs) problems.push('WEBHOOK_RETRY_MAX_MS must not be below WEBHOOK_RETRY_BASE_MS');
  let secretKey: Buffer | undefined;
  if (env.WEBHOOK_SECRET_KEY) {
    secretKey = Buffer.from(env.WEBHOOK_SECRET_KEY, 'base64');
    if (secretKey.length !== 32)
      problems.push('WEBHOOK_SECRET_KEY must be 32 bytes in base64 (e.g. openssl rand -base64 32)');
  }
  return {
    timeoutMs: integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    maxAttempts: integer('WEBHOOK_MAX_ATTEMPTS', 15, 1, 100),
    retryBaseMs,
    retryMaxMs,
    pollIntervalMs: integer('WEBHOOK_POLL_INTERVAL_MS', 500, 10, 60_000),
    concurrency: integer('WEBHOOK_CONCURRENCY', 8, 1, 256),
    ...(secretKey !== undefined ? { secretKey } : {}),
    allowHttp: boolean('WEBHOOK_ALLOW_HTTP', !production),
  };
}

/**
 * ATTACHMENT_MEDIA_TYPES: comma-separated `type/subtype`. JSON is refused: the attachment route would read
 * it as the request's own body, and a document is never sent as JSON.
 */
function attachmentMediaTypes(raw: string | undefined, problems: string[]): readonly string[] {
  if (raw === undefined || raw.trim() === '') return DEFAULT_ATTACHMENT_MEDIA_TYPES;
  const types = raw
    .split(',')
    .map((type) => type.trim().toLowerCase())
    .filter(Boolean);
  for (const type of types) {
    if (!/^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/.test(type))
      problems.push(`ATTACHMENT_MEDIA_TYPES: '${type}' is not a media type (type/subtype)`);
    else if (/json$/.test(type) || type.startsWith('text/csv'))
      problems.push(`ATTACHMENT_MEDIA_TYPES: '${type}' is a request format of the API, not a document type`);
  }
  return [...new Set(types)];
}

/** Default: beside the log in DATA_DIR; operators who want it apart point it at other storage. */
function auditAnchorPath(raw: string | undefined, dataDir: string, problems: string[]): string {
  const path = raw ? resolve(process.cwd(), raw) : join(dataDir, 'audit-anchors.sqlite');
  const taken = ['events.sqlite', 'readmodels.sqlite', 'personal-data.sqlite', 'integrations.sqlite'].map(
    (file) => join(dataDir, file),
  );
  if (taken.includes(path)) problems.push(`AUDIT_ANCHOR_PATH must be a file of its own, got '${raw}'`);
  return path;
}

/**
 * The embedded default works on a fresh clone without setting a secret: one is generated once and kept
 * in DATA_DIR, so `npm run token` and the server agree. Never used in production mode.
 */
export function devSecret(dataDir: string): string {
  const file = join(dataDir, DEV_SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process (the CLI issuing a token, a second server) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}

/** LOST_CUSTOMER_PERIOD: an ISO 8601 duration (default P3M, seed 004 「3 个月未回站用户」) or `off`. */
function lostCustomerPeriod(raw: string | undefined, problems: string[]): string | null {
  if (raw === 'off') return null;
  const period = raw === undefined || raw === '' ? 'P3M' : raw;
  try {
    parseIsoDuration(period);
  } catch (error) {
    problems.push(`LOST_CUSTOMER_PERIOD: ${(error as Error).message} (or off)`);
  }
  return period;
}
