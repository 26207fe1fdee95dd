import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { startPostgres } from '../../libs/testing/postgres-cluster.js';
import type { Row } from './bench-row.js';
import {
  emmettDir,
  engineRunner,
  ensureEmmettInstalled,
  errorText,
  lastLines,
  latencyText,
  levelLabel,
  levelOf,
  levelsOf,
  runSide,
  runsText,
  sideBySideRows,
  summarise,
  type Level,
  SIDE_BY_SIDE_WORKLOAD,
  type SideWorkload,
  type Summary,
} from './complaint-sides.js';
import { complaintWorkload, type RunnerLevel, type RunnerReport } from './complaint-workload.js';
import { ENGINE_NODE_FLAGS } from './engine-node-flags.js';

/** The SQLite comparison's workload; a PostgreSQL side may take longer on a loaded machine. */
const WORKLOAD: SideWorkload = { ...SIDE_BY_SIDE_WORKLOAD, timeoutMs: 300_000 };
/** Engine processes on one database for the three-node rows. */
const NODES = 3;
/** The three-node levels: one command at a time in each node, and 64 cases in flight split across them. */
const NODE_LEVELS: readonly { key: Level; inFlight: number; cases: number; perNode: boolean }[] = [
  { key: 'sequential', inFlight: 1, cases: WORKLOAD.sequentialCases, perNode: true },
  { key: 'inFlight64', inFlight: 64, cases: WORKLOAD.concurrentCases, perNode: false },
];

/** `total` split into `parts` shares that differ by one at most, the larger first. */
function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** A database of its own on the bench's server for one side of one round, dropped after it. */
async function withFreshDatabase<T>(serverUrl: string, use: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_${randomUUID().replaceAll('-', '')}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** One engine process in `--serve` mode: its JSON lines, one at a time. */
class EngineNode {
  private readonly lines: string[] = [];
  private waiting: ((line: string) => void) | undefined;
  private stderr = '';
  private stdout = '';
  private ended: string | undefined;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.stdout += `${line}\n`;
      if (!line.startsWith('{')) return;
      if (this.waiting !== undefined) {
        const deliver = this.waiting;
        this.waiting = undefined;
        deliver(line);
      } else this.lines.push(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on('close', (code, signal) => {
      this.ended = `engine node ended with ${signal ?? code}: ${lastLines(this.stderr, this.stdout)}`;
      this.waiting?.('');
    });
  }

  static start(databaseUrl: string, timeoutMs: number): EngineNode {
    const child = spawn(process.execPath, [...ENGINE_NODE_FLAGS, engineRunner, '--serve'], {
      cwd: dirname(engineRunner),
      env: { ...process.env, EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    return new EngineNode(child);
  }

  /** The next JSON line the node prints; throws when it ended instead. */
  async next(): Promise<Record<string, unknown>> {
    const line =
      this.lines.shift() ??
      (this.ended === undefined ? await new Promise<string>((resolve) => (this.waiting = resolve)) : '');
    if (line === '') throw new Error(this.ended ?? 'engine node ended');
    return JSON.parse(line) as Record<string, unknown>;
  }

  async run(cases: number, inFlight: number): Promise<RunnerLevel> {
    this.child.stdin.write(`${JSON.stringify({ cases, inFlight })}\n`);
    return (await this.next()).level as RunnerLevel;
  }

  /** Ends its stdin, so it closes its runtime and exits. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('close', () => resolve());
      this.child.stdin.end();
    });
  }
}

/**
 * NODES engine processes on one database, started together (their migrations under the store's advisory
 * lock), each warmed up; then each level at once in all of them, the cases partitioned (each node opens
 * its own complaints) and the in-flight cases split. A level's commands/s is every node's commands over
 * one wall-clock window, from the first node's start to the last node's end; its events are counted in
 * the database.
 */
async function runNodes(databaseUrl: string): Promise<RunnerReport> {
  const nodes = Array.from({ length: NODES }, () => EngineNode.start(databaseUrl, WORKLOAD.timeoutMs));
  const counter = new pg.Client({ connectionString: databaseUrl });
  try {
    await Promise.all(nodes.map((node) => node.next()));
    await counter.connect();
    const stored = async (): Promise<number> =>
      Number((await counter.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
    const report: Record<string, unknown> = { engine: 'aftersales-engine', version: '', synchronous: '' };
    for (const level of NODE_LEVELS) {
      const before = await stored();
      const cases = shares(level.cases, NODES);
      const inFlight = level.perNode
        ? Array<number>(NODES).fill(level.inFlight)
        : shares(level.inFlight, NODES);
      const ran = await Promise.all(nodes.map((node, i) => node.run(cases[i]!, inFlight[i]!)));
      const start = Math.min(...ran.map((r) => r.startedAtMs ?? Number.NaN));
      const end = Math.max(...ran.map((r) => r.endedAtMs ?? Number.NaN));
      const commands = ran.reduce((n, r) => n + r.commands, 0);
      const p50s = ran.map((r) => r.p50Ms).sort((a, b) => a - b);
      const firstError = ran.find((r) => r.firstError !== undefined)?.firstError;
      report[level.key] = {
        commandsPerSecond: commands / ((end - start) / 1000),
        commands,
        errors: ran.reduce((n, r) => n + r.errors, 0),
        p50Ms: p50s[Math.floor(p50s.length / 2)]!,
        p99Ms: Math.max(...ran.map((r) => r.p99Ms)),
        storedEvents: (await stored()) - before,
        ...(firstError !== undefined ? { firstError } : {}),
        nodes: ran.map((r) => Math.round(r.commandsPerSecond)),
        inFlight,
      } satisfies RunnerLevel & { nodes: number[]; inFlight: number[] };
    }
    return report as unknown as RunnerReport;
  } finally {
    await counter.end().catch(() => undefined);
    await Promise.all(nodes.map((node) => node.stop()));
  }
}

/**
 * Issue #26's rows: the engine on its PostgreSQL store (EVENT_STORE=postgres) beside Emmett-PostgreSQL
 * (test/bench/emmett/emmett-postgresql-complaint.mjs) on the same complaint workflow, and the engine on
 * three nodes sharing one database. A real PostgreSQL started for the section (libs/testing's
 * startPostgres: initdb and pg_ctl in a temporary folder, fsync=on, the default synchronous_commit=on, so
 * both sides acknowledge a command after its commit is flushed), a fresh database per side and per round.
 * `rounds` rounds, each side its own process in each, who goes first alternating; medians reported, with
 * every round's figure and the ratio per round. Throws when a side cannot run, when any of our commands
 * fails or Emmett refuses one, or when the events stored differ from the commands acknowledged.
 */
export async function benchPostgres(rounds: number): Promise<Row[]> {
  const emmett = join(emmettDir, 'emmett-postgresql-complaint.mjs');
  const installProblem = ensureEmmettInstalled();
  if (installProblem !== undefined) throw new Error(`Emmett not available: ${installProblem}`);
  const server = await startPostgres();
  if ('skip' in server) throw new Error(`no PostgreSQL for the bench: ${server.skip}`);

  const emmettReports: RunnerReport[] = [];
  const ourReports: RunnerReport[] = [];
  const nodeReports: RunnerReport[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const theirs = async (): Promise<void> => {
        emmettReports.push(
          await withFreshDatabase(server.url, (url) =>
            runSide(emmett, WORKLOAD, {
              BENCH_WORKLOAD: JSON.stringify(complaintWorkload),
              DATABASE_URL: url,
            }),
          ),
        );
      };
      const ours = async (): Promise<void> => {
        ourReports.push(
          await withFreshDatabase(server.url, (url) =>
            runSide(engineRunner, WORKLOAD, { EVENT_STORE: 'postgres', DATABASE_URL: url }),
          ),
        );
      };
      // Who goes first alternates, so neither side always meets the machine in the same state.
      for (const side of round % 2 === 0 ? [theirs, ours] : [ours, theirs]) await side();
      nodeReports.push(await withFreshDatabase(server.url, runNodes));
    }
  } finally {
    await server.stop();
  }

  const check = (who: string, key: Level, summary: Summary, refusalsOnly: boolean): void => {
    if (summary.refusals > 0)
      throw new Error(`${who}, ${key}: ${summary.refusals} commands refused: ${summary.firstRefusal}`);
    if (!refusalsOnly && summary.errors > 0)
      throw new Error(`${who}, ${key}: ${summary.errors} commands failed: ${summary.firstError}`);
    if (!refusalsOnly && summary.stored !== summary.commands)
      throw new Error(
        `${who}, ${key}: ${summary.commands} commands acknowledged, ${summary.stored} events stored`,
      );
  };
  for (const key of levelsOf(WORKLOAD)) {
    check('ours', key, summarise(levelOf(ourReports, key)), false);
    check('Emmett-PostgreSQL', key, summarise(levelOf(emmettReports, key)), true);
  }
  for (const { key } of NODE_LEVELS)
    check(`ours on ${NODES} nodes`, key, summarise(levelOf(nodeReports, key)), false);

  const rows = sideBySideRows(
    {
      workload: WORKLOAD,
      rounds,
      prefix: 'PostgreSQL ',
      apart: 'each its own process and its own fresh database on one server',
      theirName: 'Emmett-PostgreSQL',
      ourName: 'ours on PostgreSQL, one node',
      ratioName: 'ratio ours / Emmett-PostgreSQL',
      ratioNote: (key) =>
        key === 'sequential'
          ? 'both: one commit (WAL flush) per command'
          : 'ours: group commit, one statement per group; Emmett: a transaction per append on its pool',
    },
    emmettReports,
    ourReports,
  );
  for (const { key, inFlight, perNode } of NODE_LEVELS) {
    const our = summarise(levelOf(nodeReports, key));
    const middle = our.middle as (RunnerLevel & { nodes?: number[]; inFlight?: number[] }) | undefined;
    const alone = summarise(levelOf(ourReports, key)).speed;
    rows.push({
      name: `ours on PostgreSQL, ${NODES} nodes, ${perNode ? 'one at a time in each' : `${inFlight} cases in flight`}`,
      value: our.speed,
      unit: 'commands/s',
      note:
        `in flight per node ${middle?.inFlight?.join('+') ?? '?'}, per node ${middle?.nodes?.join(' + ') ?? '?'}/s over one window; ` +
        `${latencyText(our)} (p50 the middle node's, p99 the worst node's); ${errorText(our)}; ${our.stored} events stored` +
        `; ${(our.speed / alone).toFixed(2)} × one node at ${levelLabel(key)}${runsText(our)}`,
    });
  }
  return rows;
}
