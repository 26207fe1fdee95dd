import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken } from '../../libs/auth/index.js';
import { percentile, type Row } from './bench-row.js';
import { startServer, stopServer, type ServerProcess } from './server-process.js';

/*
 * What a hostile body costs the built server (issue #22, "Unauthenticated CPU exhaustion"): the time to
 * refuse an 800 KB nested body on the dev sign-in and on an ordinary POST, and /health while three clients
 * send such bodies in a loop. Measured with fetch over loopback, as a caller would see it; each figure is
 * the median of REPEATS requests. `node dist/test/bench/main.js hostile`.
 */
const SECRET = 'a-benchmark-secret-of-at-least-32-bytes!!';
const REPEATS = 5;
const LOAD_MS = 5000;
const HEALTH_EVERY_MS = 50;

/** 800 KB of nested arrays: `{"a":[[[…]]]}`, 400,000 levels deep. */
const NESTED = `{"a":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
/** About 790 KB, wide and flat (20,000 small objects): no nesting to refuse, only size and validation. */
const WIDE = JSON.stringify({
  sub: 'x',
  roles: Array.from({ length: 20_000 }, (_, index) => ({ role: `r${index}`, x: 1 })),
});

interface Timed {
  readonly status: number;
  readonly ms: number;
}

async function post(base: string, path: string, body: string, bearer?: string): Promise<Timed> {
  const started = performance.now();
  const answer = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer !== undefined ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body,
  });
  await answer.arrayBuffer();
  return { status: answer.status, ms: performance.now() - started };
}

/**
 * Sends only the request line and headers of a request announcing `length` bytes and times the first byte
 * of the answer: how long the server takes to refuse without waiting for the body (rejects after 3 s).
 */
function fromHeaders(base: string, path: string, length: number, bearer?: string): Promise<Timed> {
  const { hostname, port } = new URL(base);
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${length}`,
    ...(bearer !== undefined ? [`Authorization: Bearer ${bearer}`] : []),
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    let started = 0;
    const socket = connect(Number(port), hostname, () => {
      started = performance.now();
      socket.write(`${head}\r\n\r\n`);
    });
    socket.once('data', (chunk: Buffer) => {
      const ms = performance.now() - started;
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString())?.[1]), ms });
    });
    socket.on('error', reject);
    socket.setTimeout(3000, () => {
      socket.destroy();
      reject(new Error(`${path}: the server waited for the body instead of answering`));
    });
  });
}

async function median(times: number, once: () => Promise<Timed>): Promise<Timed> {
  const results: Timed[] = [];
  for (let index = 0; index < times; index++) results.push(await once());
  const statuses = [...new Set(results.map((result) => result.status))];
  if (statuses.length !== 1) throw new Error(`answers differ between repeats: ${statuses.join(', ')}`);
  const sorted = results.map((result) => result.ms).sort((a, b) => a - b);
  return { status: statuses[0]!, ms: sorted[Math.floor(sorted.length / 2)]! };
}

/** /health latencies (ms, ascending) sampled every HEALTH_EVERY_MS for LOAD_MS while `load` runs. */
async function healthDuring(base: string, load: (until: number) => Promise<void>): Promise<number[]> {
  const until = performance.now() + LOAD_MS;
  const running = load(until);
  const latencies: number[] = [];
  while (performance.now() < until) {
    const started = performance.now();
    const answer = await fetch(`${base}/health`);
    await answer.arrayBuffer();
    if (answer.status !== 200) throw new Error(`/health answered ${answer.status}`);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
  }
  await running;
  return latencies.sort((a, b) => a - b);
}

/** `clients` callers each posting `body` to `path` back to back until `until`; every answer must be `status`. */
function loop(
  base: string,
  clients: number,
  path: string,
  body: string,
  status: number,
  bearer?: string,
): (until: number) => Promise<void> {
  return async (until) => {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < until) {
          const answer = await post(base, path, body, bearer);
          if (answer.status !== status) throw new Error(`${path} answered ${answer.status}, not ${status}`);
        }
      }),
    );
  };
}

function timedRow(name: string, timed: Timed, note: string): Row {
  return { name, value: timed.ms, unit: 'ms', note: `answer ${timed.status}; ${note}` };
}

function healthRows(name: string, latencies: number[]): Row[] {
  return [
    {
      name: `${name}, median`,
      value: percentile(latencies, 50),
      unit: 'ms',
      note: `${latencies.length} samples`,
    },
    { name: `${name}, max`, value: latencies.at(-1)!, unit: 'ms' },
  ];
}

async function withServer<T>(
  env: Record<string, string>,
  run: (server: ServerProcess) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
  const server = await startServer(join(process.cwd(), 'dist', 'apps', 'api', 'src', 'main.js'), {
    NODE_ENV: 'test',
    DATA_DIR: dir,
    AUTH_JWT_SECRET: SECRET,
    PORT: '0',
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  try {
    return await run(server);
  } finally {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchHostileBodies(): Promise<Row[]> {
  const rows: Row[] = [];
  const token = await issueDevToken(SECRET, {
    sub: 'bench.cs',
    roles: ['customer_service'],
    dealerId: 'D001',
  });
  await withServer({ AUTH_DEV_TOKENS: 'false' }, async ({ base }) => {
    rows.push(...healthRows('/health alone', await healthDuring(base, async () => {})));
    rows.push(
      timedRow(
        'dev sign-in off, 800 KB nested',
        await median(REPEATS, () => post(base, '/api/v1/dev/token', NESTED)),
        'whole request',
      ),
      timedRow(
        'dev sign-in off, 800 KB nested, from headers',
        await median(REPEATS, () => fromHeaders(base, '/api/v1/dev/token', NESTED.length)),
        'first byte after the headers alone',
      ),
      timedRow(
        'dev sign-in off, 790 KB wide',
        await median(REPEATS, () => post(base, '/api/v1/dev/token', WIDE)),
        'whole request',
      ),
      timedRow(
        'POST /complaints with a token, 800 KB nested',
        await median(REPEATS, () => post(base, '/api/v1/complaints', NESTED, token)),
        'read, scanned, refused before parsing',
      ),
      timedRow(
        'POST /complaints without a token, 800 KB nested',
        await median(REPEATS, () => post(base, '/api/v1/complaints', NESTED)),
        'whole request',
      ),
      timedRow(
        'POST /complaints without a token, from headers',
        await median(REPEATS, () => fromHeaders(base, '/api/v1/complaints', NESTED.length)),
        'first byte after the headers alone',
      ),
    );
    rows.push(
      ...healthRows(
        '/health, 3 clients loop 800 KB nested to the dev sign-in (off)',
        await healthDuring(base, loop(base, 3, '/api/v1/dev/token', NESTED, 403)),
      ),
      ...healthRows(
        '/health, 3 clients loop 790 KB wide to the dev sign-in (off)',
        await healthDuring(base, loop(base, 3, '/api/v1/dev/token', WIDE, 403)),
      ),
      ...healthRows(
        '/health, 3 clients with a token loop 800 KB nested to /complaints',
        await healthDuring(base, loop(base, 3, '/api/v1/complaints', NESTED, 400, token)),
      ),
    );
  });
  await withServer({ AUTH_DEV_TOKENS: 'true' }, async ({ base }) => {
    rows.push(
      timedRow(
        'dev sign-in on, 800 KB nested',
        await median(REPEATS, () => post(base, '/api/v1/dev/token', NESTED)),
        'whole request',
      ),
      timedRow(
        'dev sign-in on, 800 KB nested, from headers',
        await median(REPEATS, () => fromHeaders(base, '/api/v1/dev/token', NESTED.length)),
        'first byte after the headers alone',
      ),
      ...healthRows(
        '/health, 3 clients loop 800 KB nested to the dev sign-in (on)',
        await healthDuring(base, loop(base, 3, '/api/v1/dev/token', NESTED, 413)),
      ),
    );
  });
  return rows;
}
