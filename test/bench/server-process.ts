import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { ENGINE_NODE_FLAGS } from './engine-node-flags.js';

/** A server the HTTP bench runs in its own process (client and server each get a core), and its address. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly base: string;
}

/**
 * BENCH_CPU_PROF_DIR=<dir>: every server the bench starts writes a V8 CPU profile there when it stops
 * (open it in Chrome's DevTools), which NODE_OPTIONS cannot ask for.
 */
const profiling = process.env.BENCH_CPU_PROF_DIR
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
  : [];

/** Starts `script` with the engine's V8 flags and resolves once it has logged `"url":"http://…"`. */
export async function startServer(script: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...ENGINE_NODE_FLAGS, ...profiling, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let output = '';
    // Only until the start-up line: kept on, it would re-read the whole growing log (one line per
    // request) on every chunk, and that cost a core of this client process during the bench.
    const untilListening = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        child.stdout!.off('data', untilListening);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', untilListening);
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  // The request log is not needed here, but it must be drained or the server would block on a full pipe.
  child.stdout!.resume();
  return { child, base };
}

export async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

const CLOCK_TICKS_PER_SECOND = (() => {
  const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(answer.stdout?.trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

/**
 * CPU time (user + system, every thread) a process has used so far, in µs, from /proc (Linux; NaN
 * elsewhere): the server's own `process.cpuUsage`, read from outside so the server needs no endpoint for it.
 */
export function processCpuMicroseconds(pid: number): number {
  return cpuMicrosecondsFrom(`/proc/${pid}/stat`);
}

/**
 * CPU time of a process's main thread alone (its event loop in Node), in µs: the thread whose id is the
 * process id. Read beside `processCpuMicroseconds` to tell the event loop's share from the worker threads'.
 */
export function mainThreadCpuMicroseconds(pid: number): number {
  return cpuMicrosecondsFrom(`/proc/${pid}/task/${pid}/stat`);
}

function cpuMicrosecondsFrom(statFile: string): number {
  try {
    const stat = readFileSync(statFile, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1e6) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export type Send = (
  path: string,
  body: string,
  bearer: string,
  expected: number,
) => Promise<{ ms: number; text: string }>;

/**
 * Idle pooled sockets are closed by the client before the server's keep-alive timeout (10 s by default,
 * HTTP_KEEP_ALIVE_TIMEOUT_MS) can close them: a request sent on a socket the server is closing fails with
 * ECONNRESET, and a load balancer or client library keeps its idle timeout below the server's for that reason.
 */
const CLIENT_IDLE_TIMEOUT_MS = 4000;

/** The bench's client: POSTs over a bounded keep-alive pool, as a load balancer or a client library holds. */
export function keepAliveClient(base: string): { send: Send; close: () => void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: CLIENT_IDLE_TIMEOUT_MS });
  const target = new URL(base);
  const send: Send = (path, body, bearer, expected) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const request = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path,
          method: 'POST',
          headers: {
            authorization: `Bearer ${bearer}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            response.statusCode === expected
              ? resolve({ ms: performance.now() - started, text })
              : reject(new Error(`unexpected ${response.statusCode}: ${text.slice(0, 200)}`)),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** `clients` loops sending `once` until `ms` have passed; resolves with how many completed per second. */
export async function closedLoop(clients: number, ms: number, once: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        await once();
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}
