import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken } from '../../libs/auth/index.js';
import { percentile, type Row } from './bench-row.js';

const SECRET = 'a-benchmark-secret-of-at-least-32-bytes!!';
const intake = JSON.stringify({
  channel: 'walk_in',
  category: 'delay',
  severity: 'normal',
  customer: { name: '王建国', phone: '13800138000', class: 'B' },
  vehicle: { vin: 'LSVAU2180N2183294' },
  description: 'benchmark complaint',
});

/**
 * The full HTTP path (auth, validation, command bus, machine, durable append, read-your-writes wait)
 * creating complaints, against the built server in its own process (2 cores: one for the client here).
 */
export async function benchHttp(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  // The server runs as its own process, as in production, so client and server each get a core.
  const server = spawn(process.execPath, [join(process.cwd(), 'dist', 'apps', 'api', 'src', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'benchmark',
      DATA_DIR: dir,
      AUTH_JWT_SECRET: SECRET,
      PORT: '0',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) resolve(match[1]!);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  server.stdout!.resume();
  const url = `${base}/api/v1/complaints`;
  const token = await issueDevToken(SECRET, {
    sub: 'bench',
    roles: ['customer_service'],
    dealerId: 'D001',
    regionId: 'R01',
  });
  // A bounded keep-alive pool, as a load balancer or a client library would hold.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(url);
  const post = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const request = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(intake),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 201
              ? resolve(performance.now() - started)
              : reject(new Error(`unexpected ${response.statusCode}`)),
          );
        },
      );
      request.on('error', reject);
      request.end(intake);
    });
  const rows: Row[] = [];
  try {
    for (let index = 0; index < 200; index++) await post();

    // Closed loop: 32 clients as fast as they can for 5 s.
    let done = 0;
    const until = performance.now() + 5000;
    const closedStarted = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (performance.now() < until) {
          await post();
          done += 1;
        }
      }),
    );
    rows.push({
      name: 'HTTP create, closed loop (32 clients)',
      value: done / ((performance.now() - closedStarted) / 1000),
      unit: 'commands/s',
      note: 'max throughput; server in its own process',
    });

    // Open loop: fixed rates for 4 s each; latency measured from the scheduled send time.
    for (const rate of [250, 500, 1000]) {
      const latencies: number[] = [];
      const total = rate * 4;
      const openStarted = performance.now();
      const inFlight: Promise<void>[] = [];
      for (let index = 0; index < total; index++) {
        const scheduled = openStarted + (index * 1000) / rate;
        const wait = scheduled - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        inFlight.push(post().then(() => void latencies.push(performance.now() - scheduled)));
      }
      await Promise.all(inFlight);
      latencies.sort((a, b) => a - b);
      rows.push({
        name: `HTTP create at ${rate}/s`,
        value: percentile(latencies, 50),
        unit: 'ms p50',
        note: `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms, ${total} requests`,
      });
    }
  } finally {
    agent.destroy();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
