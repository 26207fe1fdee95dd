import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { issueDevToken } from '../../libs/auth/index.js';
import { FixedClock, type Clock, type Role, type WorkflowModule } from '../../libs/kernel/index.js';
import type { EngineRuntime } from '../../libs/runtime/index.js';
import { loadConfig, type AppConfig } from '../../libs/config/index.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { startPostgres } from '../../libs/testing/index.js';

export const TEST_SECRET = 'an-end-to-end-test-secret-of-at-least-32-bytes';

export interface Caller {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly dealerId?: string;
  readonly regionId?: string;
  readonly name?: string;
}

export interface HttpResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/**
 * The real engine on the real embedded store (a SQLite file in a fresh temp dir), served over HTTP on a
 * free loopback port. Tests talk to it with fetch, exactly as a client would. With
 * `E2E_EVENT_STORE=postgres` (`npm run test:postgres`) the events go to a fresh database on a real
 * PostgreSQL server instead (libs/testing/postgres-cluster.ts), dropped when the engine stops.
 */
export class EngineUnderTest {
  private constructor(
    readonly baseUrl: string,
    readonly runtime: EngineRuntime,
    readonly clock: Clock,
    readonly config: AppConfig,
    private readonly close: () => Promise<void>,
    private readonly dataDir: string,
  ) {}

  static async start(
    options: {
      env?: Record<string, string>;
      clock?: Clock;
      keepDataDir?: string;
      workflows?: readonly WorkflowModule[];
    } = {},
  ): Promise<EngineUnderTest> {
    const dataDir = options.keepDataDir ?? mkdtempSync(join(tmpdir(), 'aftersales-e2e-'));
    const database = await postgresForEngine();
    const config = loadConfig({
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      PORT: '0',
      PROJECTION_WAIT_MS: '5000',
      SLA_SWEEP_INTERVAL: 'PT1S',
      RATE_LIMIT_PER_MINUTE: '0',
      ...(database ? { EVENT_STORE: 'postgres', DATABASE_URL: database.url } : {}),
      ...options.env,
    });
    const clock = options.clock ?? new FixedClock('2026-03-02T09:00:00.000Z');
    const { app, runtime } = await createApp(config, {
      logger: pino({ level: 'silent' }),
      clock,
      ...(options.workflows ? { workflows: options.workflows } : {}),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address() as { port: number };
    return new EngineUnderTest(
      `http://127.0.0.1:${address.port}`,
      runtime,
      clock,
      config,
      async () => {
        await app.close();
        await database?.stop();
      },
      dataDir,
    );
  }

  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    await this.close();
    if (!options.keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }

  get directory(): string {
    return this.dataDir;
  }

  async token(caller: Caller): Promise<string> {
    return issueDevToken(TEST_SECRET, caller, new Date());
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: {
      caller?: Caller;
      token?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token ?? (options.caller ? await this.token(options.caller) : undefined);
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (metrics, HTML docs): keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
}

/** A database of its own when the suite runs on PostgreSQL; undefined on the embedded store. */
export async function postgresForEngine(): Promise<{ url: string; stop(): Promise<void> } | undefined> {
  if (process.env.E2E_EVENT_STORE !== 'postgres') return undefined;
  const target = await startPostgres();
  if ('skip' in target) throw new Error(`E2E_EVENT_STORE=postgres, but ${target.skip}`);
  return target;
}
