import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A real PostgreSQL database for one test file: its URL, and how to drop it afterwards. */
export interface PostgresDatabase {
  readonly url: string;
  /** Where it came from, for the suite's title. */
  readonly source: 'TEST_DATABASE_URL' | 'throwaway cluster';
  stop(): Promise<void>;
}

export type PostgresTarget = PostgresDatabase | { readonly skip: string };

/**
 * A fresh database on a real server: in the cluster `TEST_DATABASE_URL` names when it is set (a database
 * of its own per call, dropped afterwards), otherwise in a throwaway cluster made with the distribution's
 * `initdb` and `pg_ctl` in a temporary folder on a free port, stopped and removed afterwards. Without
 * either, `{ skip }` says why — unless `REQUIRE_POSTGRES=1` (CI), where that is an error instead.
 */
export async function startPostgres(): Promise<PostgresTarget> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return freshDatabase(given, async () => undefined, 'TEST_DATABASE_URL');
  const bin = postgresBinaries();
  if (bin === undefined) {
    const reason = 'no PostgreSQL server binaries (initdb, pg_ctl) and no TEST_DATABASE_URL';
    if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`REQUIRE_POSTGRES=1 but ${reason}`);
    return { skip: reason };
  }
  const cluster = await startCluster(bin);
  return freshDatabase(cluster.url, cluster.stop, 'throwaway cluster');
}

async function freshDatabase(
  serverUrl: string,
  stopServer: () => Promise<void>,
  source: PostgresDatabase['source'],
): Promise<PostgresDatabase> {
  const name = `engine_test_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    source,
    stop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
      await stopServer();
    },
  };
}

/** The folder holding initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
function postgresBinaries(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return join(onPath, '..');
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian)
    .filter((version) => existsSync(join(debian, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(debian, versions[0]!, 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` user that the
 * distribution's package creates. Trust authentication on loopback only: the cluster lives as long as
 * the test file and listens on 127.0.0.1.
 */
async function startCluster(bin: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'engine-pg-'));
  const data = join(directory, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: readonly string[]): void => {
    const full = join(bin, command);
    if (asRoot) {
      const line = [full, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
      execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', line], { stdio: 'pipe' });
    } else {
      execFileSync(full, args, { stdio: 'pipe' });
    }
  };
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(directory, uid, gid);
    chmodSync(directory, 0o700);
  }
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(directory, 'server.log'),
    '-o',
    `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=250`,
    '-w',
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const [uid, gid] = execFileSync('sh', ['-c', 'id -u postgres && id -g postgres'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map(Number);
  if (uid === undefined || gid === undefined || Number.isNaN(uid) || Number.isNaN(gid))
    throw new Error('Running as root needs the postgres user to own a throwaway cluster');
  return { uid, gid };
}
