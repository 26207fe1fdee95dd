import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from './bench-row.js';
import { complaintWorkload, type RunnerLevel, type RunnerReport } from './complaint-workload.js';
import { ENGINE_NODE_FLAGS } from './engine-node-flags.js';

/**
 * What the side-by-side sections share (emmett-comparison.bench.ts against Emmett-SQLite,
 * postgres.bench.ts against Emmett-PostgreSQL): where the runners are, the Emmett package's install, a
 * runner started as its own process, and the median of a level over rounds.
 */

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

export const root = repositoryRoot();
export const emmettDir = join(root, 'test', 'bench', 'emmett');
/** Our side, built: dist/test/bench/engine-complaint-runner.js. */
export const engineRunner = join(root, 'dist', 'test', 'bench', 'engine-complaint-runner.js');

/** The packages of test/bench/emmett each Emmett side needs at run time. */
const EMMETT_PACKAGES = [
  '@event-driven-io/emmett',
  '@event-driven-io/emmett-sqlite',
  '@event-driven-io/emmett-postgresql',
  '@event-driven-io/pongo',
  '@event-driven-io/dumbo',
  'pg',
];

/**
 * Installs the Emmett sides' own dependencies once (sqlite3 builds from source: about two minutes);
 * returns why not when it could not.
 */
export function ensureEmmettInstalled(): string | undefined {
  const installed = (): boolean =>
    EMMETT_PACKAGES.every((name) => existsSync(join(emmettDir, 'node_modules', name, 'package.json'))) &&
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
  return installed()
    ? undefined
    : `npm install finished but one of ${EMMETT_PACKAGES.join(', ')} or the sqlite3 binding is missing`;
}

/** How much work each side does; the same numbers go to both. */
export interface SideWorkload {
  readonly sequentialCases: number;
  readonly concurrentCases: number;
  readonly inFlight: readonly number[];
  readonly timeoutMs: number;
}

/** The workload of every side-by-side comparison, so each figure of ours stands beside the same work. */
export const SIDE_BY_SIDE_WORKLOAD: SideWorkload = {
  sequentialCases: 300,
  concurrentCases: 1000,
  inFlight: [16, 64],
  timeoutMs: 120_000,
};

/** Runs one side in its own process and returns the JSON line it prints (Emmett logs its errors to stdout). */
export function runSide(
  script: string,
  workload: SideWorkload,
  env: Record<string, string> = {},
): Promise<RunnerReport> {
  // Both sides run with the engine's V8 flags: the same runtime, whatever the library.
  const args = [
    ...ENGINE_NODE_FLAGS,
    script,
    '--sequential',
    String(workload.sequentialCases),
    '--cases',
    String(workload.concurrentCases),
    '--in-flight',
    workload.inFlight.join(','),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: dirname(script),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: workload.timeoutMs,
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
      else reject(new Error(`${script} ended with ${signal ?? code}: ${lastLines(stderr, stdout)}`));
    });
  });
}

/** The end of what a runner printed, for the error that names it. */
export function lastLines(stderr: string, stdout: string): string {
  return (stderr.trim() || stdout.trim()).split('\n').slice(-3).join(' ').slice(0, 300);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export type Level = 'sequential' | `inFlight${number}`;

/** The levels of a workload, one at a time first. */
export function levelsOf(workload: Pick<SideWorkload, 'inFlight'>): Level[] {
  return ['sequential', ...workload.inFlight.map((n) => `inFlight${n}` as const)];
}

/** "one at a time" or "64 cases in flight". */
export function levelLabel(key: Level): string {
  return key === 'sequential' ? 'one at a time' : `${key.slice('inFlight'.length)} cases in flight`;
}

/** The median run of a level (by commands/s), with the errors and commits of all rounds. */
export function summarise(levels: readonly (RunnerLevel | undefined)[]) {
  const measured = levels.filter((l) => l !== undefined);
  const speed = median(measured.map((l) => l.commandsPerSecond));
  const middle = measured.find((l) => l.commandsPerSecond === speed);
  const sum = (pick: (l: RunnerLevel) => number): number => measured.reduce((n, l) => n + pick(l), 0);
  return {
    rounds: measured.length,
    speed,
    /** Every round's commands/s, in round order. */
    speeds: measured.map((l) => l.commandsPerSecond),
    middle,
    errors: sum((l) => l.errors),
    commands: sum((l) => l.commands),
    stored: sum((l) => l.storedEvents),
    refusals: sum((l) => l.refusals ?? 0),
    firstRefusal: measured.find((l) => l.firstRefusal !== undefined)?.firstRefusal,
    commits: measured.every((l) => l.commits !== undefined) ? sum((l) => l.commits ?? 0) : undefined,
    firstError: measured.find((l) => l.firstError !== undefined)?.firstError,
    /** The median run's CPU per command (ours only). */
    cpuMicrosPerCommand: middle?.cpuMicrosPerCommand,
  };
}

export type Summary = ReturnType<typeof summarise>;

/** The level's entry in each report. */
export function levelOf(reports: readonly RunnerReport[], key: Level): (RunnerLevel | undefined)[] {
  return reports.map((report) => (key === 'sequential' ? report.sequential : report[key]));
}

/** "p50 1.20 ms, p99 3.40 ms" for the median run. */
export function latencyText(summary: Summary): string {
  return summary.middle
    ? `p50 ${summary.middle.p50Ms.toFixed(2)} ms, p99 ${summary.middle.p99Ms.toFixed(2)} ms`
    : '';
}

/** "errors 0/27000 in 3 runs", with the first error's start. */
export function errorText(summary: Summary): string {
  return (
    `errors ${summary.errors}/${summary.commands + summary.errors} in ${summary.rounds} runs` +
    (summary.firstError !== undefined ? ` (${summary.firstError.slice(0, 80)})` : '')
  );
}

/** "runs 812 / 790 / 845/s" when there was more than one round. */
export function runsText(summary: Summary): string {
  return summary.rounds > 1 ? `; runs ${summary.speeds.map((v) => Math.round(v)).join(' / ')}/s` : '';
}

/** How the rows of a side-by-side section name and annotate their sides. */
export interface SideBySide {
  readonly workload: SideWorkload;
  readonly rounds: number;
  /** Before "workload, …" (e.g. "PostgreSQL "), so two sections' rows never share a name. */
  readonly prefix: string;
  /** How each run is kept apart from the others (e.g. "each its own process"). */
  readonly apart: string;
  readonly theirName: string;
  readonly ourName: string;
  /** The name of the ratio row, before ", <level>". */
  readonly ratioName: string;
  readonly ratioNote: (key: Level) => string;
  /** Added to the other side's note (e.g. its COMMITs). */
  readonly theirExtra?: (summary: Summary) => string;
}

/**
 * The rows of a side-by-side comparison: the workload, then for each level the other side, ours and
 * ours / theirs, each the median of the rounds.
 */
export function sideBySideRows(
  shape: SideBySide,
  theirReports: readonly RunnerReport[],
  ourReports: readonly RunnerReport[],
): Row[] {
  const { workload } = shape;
  const theirHeader = theirReports[0]!;
  const ourHeader = ourReports[0]!;
  const rows: Row[] = [
    {
      name: `${shape.prefix}workload, one at a time`,
      value: workload.sequentialCases * complaintWorkload.length,
      unit: 'commands',
      note: `${workload.sequentialCases} complaints × ${complaintWorkload.length} commands, create → close; median of ${shape.rounds} runs per side, ${shape.apart}`,
    },
    {
      name: `${shape.prefix}workload, per in-flight level`,
      value: workload.concurrentCases * complaintWorkload.length,
      unit: 'commands',
      note: `${theirHeader.synchronous} (${shape.theirName}) / ${ourHeader.synchronous} (ours); ${theirHeader.version}; ours ${ourHeader.version}`,
    },
  ];
  for (const key of levelsOf(workload)) {
    const label = levelLabel(key);
    const theirs = summarise(levelOf(theirReports, key));
    const our = summarise(levelOf(ourReports, key));
    rows.push({
      name: `${shape.theirName}, ${label}`,
      value: theirs.speed,
      unit: 'commands/s',
      note: `${latencyText(theirs)}; ${errorText(theirs)}${shape.theirExtra?.(theirs) ?? ''}; ${theirs.stored} events stored${runsText(theirs)}`,
    });
    rows.push({
      name: `${shape.ourName}, ${label}`,
      value: our.speed,
      unit: 'commands/s',
      note:
        `${latencyText(our)}; ${errorText(our)}; ${our.stored} events stored${runsText(our)}` +
        (our.cpuMicrosPerCommand !== undefined
          ? `; CPU ${our.cpuMicrosPerCommand.toFixed(0)} µs per command (every thread, median run)`
          : ''),
    });
    const perRound =
      theirs.rounds > 1 && theirs.rounds === our.rounds
        ? `; per run ${our.speeds.map((v, i) => (v / theirs.speeds[i]!).toFixed(2)).join(' / ')}×`
        : '';
    rows.push({
      name: `${shape.ratioName}, ${label}`,
      value: our.speed / theirs.speed,
      unit: '×',
      note: `${shape.ratioNote(key)}; median over median${perRound}`,
    });
  }
  return rows;
}
