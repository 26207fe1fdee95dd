import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_SECRET } from './engine-under-test.js';

export const BUILT_SERVER = join(process.cwd(), 'dist', 'apps', 'api', 'src', 'main.js');
export const BUILT_WORKER = join(process.cwd(), 'dist', 'apps', 'worker', 'main.js');

export interface BuiltServer {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `npm test` builds first; when a file runs alone, build what it spawns (server and console). */
export function ensureBuilt(): void {
  if (!existsSync(BUILT_SERVER) || !existsSync(join(process.cwd(), 'dist', 'console', 'index.html'))) {
    spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  }
}

/**
 * Starts the built server (`npm start`'s entry point) as its own process on a free port and resolves
 * with its base URL once it listens.
 */
export function startBuiltServer(dataDir: string, env: Record<string, string> = {}): Promise<BuiltServer> {
  return startBuilt('server', BUILT_SERVER, dataDir, env, /"url":"(http:\/\/[^"]+)"/);
}

/**
 * Starts the built worker (`npm run start:worker`'s entry point: projections and the SLA sweeper) and
 * resolves once it says it started; it serves no HTTP, so `baseUrl` is empty.
 */
export function startBuiltWorker(dataDir: string, env: Record<string, string> = {}): Promise<BuiltServer> {
  return startBuilt('worker', BUILT_WORKER, dataDir, env, /"msg":"worker started()/);
}

function startBuilt(
  label: 'server' | 'worker',
  entry: string,
  dataDir: string,
  env: Record<string, string>,
  started: RegExp,
): Promise<BuiltServer> {
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: TEST_SECRET,
      PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not start:\n${output}`)), 30_000);
    // Only until the start-up line; afterwards the request log is drained unread, so a long test does not
    // re-read an ever-growing string on every chunk.
    const untilStarted = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = started.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', untilStarted);
        child.stdout!.resume();
        resolve({ child, baseUrl: match[1]!, stop });
      }
    };
    child.stdout!.on('data', untilStarted);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`${label} exited with ${code}:\n${output}`)));
  });
}
