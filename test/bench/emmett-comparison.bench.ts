import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from './bench-row.js';
import { complaintWorkload, type RunnerLevel, type RunnerReport } from './complaint-workload.js';
import { ENGINE_NODE_FLAGS } from './engine-node-flags.js';

/** The repository root, from test/bench (source) or dist/test/bench (built). */
function repositoryRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) return process.cwd();
    folder = parent;
  }
  return folder;
}

const ROUNDS = 3;
const SEQUENTIAL_CASES = 300;
const CONCURRENT_CASES = 1000;
const IN_FLIGHT = [16, 64];
const RUNNER_TIMEOUT_MS = 120_000;

const root = repositoryRoot();
const emmettDir = join(root, 'test', 'bench', 'emmett');

/** Installs the Emmett side's own dependencies once (sqlite3 builds from source: about two minutes). */
function ensureEmmettInstalled(): string | undefined {
  const installed = (): boolean =>
    existsSync(join(emmettDir, 'node_modules', '@event-driven-io', 'emmett-sqlite', 'package.json')) &&
    existsSync(join(emmettDir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'));
  if (installed()) return undefined;
  console.log('Installing Emmett for the comparison (test/bench/emmett; sqlite3 builds from source)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--prefix', emmettDir, '--legacy-peer-deps', '--no-audit', '--no-fund'],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.error) return `npm install failed: ${result.error.message}`;
  if (result.status !== 0) return `npm install exited with ${result.status}`;
  return installed() ? undefined : 'npm install finished but emmett-sqlite or the sqlite3 binding is missing';
}

/** Runs one side in its own process and returns the JSON line it prints (Emmett logs its errors to stdout). */
function runSide(script: string, env: Record<string, string> = {}): Promise<RunnerReport> {
  // Both sides run with the engine's V8 flags: the same runtime, whatever the library.
  const args = [
    ...ENGINE_NODE_FLAGS,
    script,
    '--sequential',
    String(SEQUENTIAL_CASES),
    '--cases',
    String(CONCURRENT_CASES),
    '--in-flight',
    IN_FLIGHT.join(','),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: dirname(script),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: RUNNER_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout
        .split('\n')
        .reverse()
        .find((text) => text.startsWith('{"engine"'));
      if (code === 0 && line !== undefined) resolve(JSON.parse(line) as RunnerReport);
      else {
        const why = (stderr.trim() || stdout.trim()).split('\n').slice(-3).join(' ').slice(0, 300);
        reject(new Error(`${script} ended with ${signal ?? code}: ${why}`));
      }
    });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

type Level = 'sequential' | `inFlight${number}`;

function level(report: RunnerReport, key: Level): RunnerLevel | undefined {
  return key === 'sequential' ? report.sequential : report[key];
}

/** The median run of a level (by commands/s), with the errors and commits of all rounds. */
function summarise(reports: readonly RunnerReport[], key: Level) {
  const levels = reports.map((report) => level(report, key)).filter((l) => l !== undefined);
  const speed = median(levels.map((l) => l.commandsPerSecond));
  const middle = levels.find((l) => l.commandsPerSecond === speed);
  const sum = (pick: (l: RunnerLevel) => number): number => levels.reduce((n, l) => n + pick(l), 0);
  return {
    speed,
    middle,
    errors: sum((l) => l.errors),
    commands: sum((l) => l.commands),
    stored: sum((l) => l.storedEvents),
    refusals: sum((l) => l.refusals ?? 0),
    firstRefusal: levels.find((l) => l.firstRefusal !== undefined)?.firstRefusal,
    commits: levels.every((l) => l.commits !== undefined) ? sum((l) => l.commits ?? 0) : undefined,
    firstError: levels.find((l) => l.firstError !== undefined)?.firstError,
  };
}

/**
 * The same complaint workflow (complaint-workload.ts, complaint v3 from intake to close) through our
 * engine and through Emmett-SQLite (test/bench/emmett/emmett-complaint.mjs), each in its own process, one
 * after the other, three rounds each, medians reported. Both with SQLite synchronous=FULL in WAL mode.
 * Throws when a side cannot run, when any of our commands fails, or when Emmett refuses a command
 * (payload or transition): a comparison of refusals measures nothing. Emmett's errors from commands
 * sharing its connection's transaction are its own behaviour and are reported, not thrown.
 */
export async function benchEmmettComparison(): Promise<Row[]> {
  const ours = join(root, 'dist', 'test', 'bench', 'engine-complaint-runner.js');
  const emmett = join(emmettDir, 'emmett-complaint.mjs');
  const installProblem = ensureEmmettInstalled();
  if (installProblem !== undefined) throw new Error(`Emmett not available: ${installProblem}`);

  const emmettReports: RunnerReport[] = [];
  const ourReports: RunnerReport[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    emmettReports.push(await runSide(emmett, { BENCH_WORKLOAD: JSON.stringify(complaintWorkload) }));
    ourReports.push(await runSide(ours));
  }
  for (const key of ['sequential', ...IN_FLIGHT.map((n) => `inFlight${n}` as const)] as const) {
    const our = summarise(ourReports, key);
    if (our.errors > 0) throw new Error(`ours, ${key}: ${our.errors} commands failed: ${our.firstError}`);
    const theirs = summarise(emmettReports, key);
    if (theirs.refusals > 0)
      throw new Error(`Emmett, ${key}: ${theirs.refusals} commands refused: ${theirs.firstRefusal}`);
  }

  const rows: Row[] = [];
  const theirHeader = emmettReports[0]!;
  const ourHeader = ourReports[0]!;
  rows.push({
    name: 'workload, one at a time',
    value: SEQUENTIAL_CASES * complaintWorkload.length,
    unit: 'commands',
    note: `${SEQUENTIAL_CASES} complaints × ${complaintWorkload.length} commands, create → close; median of ${ROUNDS} runs per side, each its own process`,
  });
  rows.push({
    name: 'workload, per in-flight level',
    value: CONCURRENT_CASES * complaintWorkload.length,
    unit: 'commands',
    note: `synchronous=${theirHeader.synchronous} (Emmett) / ${ourHeader.synchronous} (ours), WAL both; ${theirHeader.version}; ours ${ourHeader.version}`,
  });
  for (const key of ['sequential', ...IN_FLIGHT.map((n) => `inFlight${n}` as const)] as const) {
    const label = key === 'sequential' ? 'one at a time' : `${key.slice('inFlight'.length)} cases in flight`;
    const theirs = summarise(emmettReports, key);
    const our = summarise(ourReports, key);
    const latency = (s: ReturnType<typeof summarise>): string =>
      s.middle ? `p50 ${s.middle.p50Ms.toFixed(2)} ms, p99 ${s.middle.p99Ms.toFixed(2)} ms` : '';
    const errorText = (s: ReturnType<typeof summarise>): string =>
      `errors ${s.errors}/${s.commands + s.errors} in ${ROUNDS} runs` +
      (s.firstError !== undefined ? ` (${s.firstError.slice(0, 80)})` : '');
    const commitText =
      theirs.commits !== undefined
        ? `; ${theirs.commits} COMMITs for ${theirs.commands} acknowledged commands` +
          (theirs.commits < theirs.commands ? ' (acknowledged before commit: shared transaction)' : '')
        : '';
    rows.push({
      name: `Emmett-SQLite, ${label}`,
      value: theirs.speed,
      unit: 'commands/s',
      note: `${latency(theirs)}; ${errorText(theirs)}${commitText}; ${theirs.stored} events stored`,
    });
    rows.push({
      name: `ours, ${label}`,
      value: our.speed,
      unit: 'commands/s',
      note: `${latency(our)}; ${errorText(our)}; ${our.stored} events stored`,
    });
    rows.push({
      name: `ratio ours / Emmett, ${label}`,
      value: our.speed / theirs.speed,
      unit: '×',
      note: key === 'sequential' ? 'both: one COMMIT (fsync) per command' : 'ours: group commit',
    });
  }
  return rows;
}
