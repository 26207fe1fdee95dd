import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { CommandPayloadValidator } from '../../libs/command-schema/index.js';
import { WorkflowRegistry } from '../../libs/workflow-engine/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '../../libs/event-store/index.js';
import { releasedDefinitions, systemClock } from '../../libs/kernel/index.js';
import { EngineRuntime } from '../../libs/runtime/engine-runtime.js';
import { percentile } from './bench-row.js';
import {
  complaintWorkload,
  parseWorkloadArgs,
  type RunnerLevel,
  type WorkloadSize,
} from './complaint-workload.js';

/**
 * Our side of the Emmett comparisons, run as its own process by emmett-comparison.bench.ts and
 * postgres.bench.ts from dist/test/bench/engine-complaint-runner.js: the registered workflows, the
 * complaint workload through `engine.execute` (payload validated with the workflow's schema as openRuntime
 * wires it, load, decide, hash chain, durable append; projections are not fed and personal data is not
 * sealed, as on the Emmett side). The store: SQLite with synchronous=FULL and group commit (the defaults),
 * or with `EVENT_STORE=postgres` the PostgreSQL store on `DATABASE_URL` (group commit, the server's
 * synchronous_commit). Prints one JSON line.
 *
 * With `--serve` it is one node of several on one database (postgres.bench.ts): after its warm-up it
 * prints `{"ready":true}`, then runs one level per line read on stdin (`{"cases":N,"inFlight":K}`) and
 * answers each with `{"level":{…}}` carrying the wall-clock start and end of the level, so the bench can
 * add up the nodes' commands over one window. It closes when stdin ends.
 */
type Execute = (step: (typeof complaintWorkload)[number], caseId: string | undefined) => Promise<string>;

async function runCases(
  execute: Execute,
  stored: () => Promise<number>,
  cases: number,
  inFlight: number,
): Promise<RunnerLevel> {
  const storedBefore = await stored();
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < cases) {
        next += 1;
        let caseId: string | undefined;
        for (const step of complaintWorkload) {
          const t = performance.now();
          try {
            caseId = await execute(step, caseId);
            latencies.push(performance.now() - t);
          } catch (error) {
            errors += 1;
            firstError ??= String(error);
            if (caseId === undefined) break;
          }
        }
      }
    }),
  );
  const ended = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (ended - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    commandsPerSecond: latencies.length / seconds,
    commands: latencies.length,
    startedAtMs: performance.timeOrigin + started,
    endedAtMs: performance.timeOrigin + ended,
    errors,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    storedEvents: (await stored()) - storedBefore,
    cpuMicrosPerCommand: (cpu.user + cpu.system) / Math.max(1, latencies.length),
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/** The repository's version, from the root package.json (source or dist layout). */
function packageVersion(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    try {
      return (JSON.parse(readFileSync(join(here, up, 'package.json'), 'utf8')) as { version: string })
        .version;
    } catch {
      // not this layout
    }
  }
  return 'unknown';
}

/** The store this run measures, and how durable its acknowledgements are. */
async function openStore(dir: string): Promise<{ store: EventStore; synchronous: string; writer: string }> {
  if (process.env.EVENT_STORE === 'postgres') {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('EVENT_STORE=postgres needs DATABASE_URL');
    const store = await PostgresEventStore.open({ connectionString });
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      const setting = async (name: string): Promise<string> =>
        ((await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0] ?? {})[name] ?? 'unknown';
      return {
        store,
        synchronous: `synchronous_commit=${await setting('synchronous_commit')}, fsync=${await setting('fsync')}`,
        writer: 'group commit on one connection',
      };
    } finally {
      await client.end();
    }
  }
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous: 'FULL' });
  return {
    store,
    synchronous: SYNCHRONOUS[store.db.pragma('synchronous', { simple: true }) as number] ?? 'unknown',
    writer: store.writer,
  };
}

/** One node of several: runs the levels the bench sends on stdin until stdin ends. */
async function serve(execute: Execute, stored: () => Promise<number>): Promise<void> {
  console.log(JSON.stringify({ ready: true }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue;
    const { cases, inFlight } = JSON.parse(line) as { cases: number; inFlight: number };
    console.log(JSON.stringify({ level: await runCases(execute, stored, cases, inFlight) }));
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const size: WorkloadSize = parseWorkloadArgs(argv, {
    sequentialCases: 300,
    concurrentCases: 1000,
    inFlight: [16],
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-engine-complaint-'));
  const { store, synchronous, writer } = await openStore(dir);
  const workflows = loadRegisteredWorkflows({});
  const validator = new CommandPayloadValidator(workflows);
  const runtime = new EngineRuntime({
    store,
    registry: new WorkflowRegistry(releasedDefinitions(workflows)),
    validatePayload: (caseType, action, data) => validator.validate(caseType, action, data),
    clock: systemClock,
    dataDir: dir,
    logger: pino({ level: 'silent' }),
  });
  const execute: Execute = async (step, caseId) => {
    const outcome = await runtime.engine.execute({
      caseType: 'complaint',
      ...(caseId !== undefined ? { caseId } : {}),
      action: step.action,
      data: step.data,
      actor: step.actor,
    });
    return outcome.caseId;
  };
  const stored = (): Promise<number> => store.headPosition();
  try {
    await runCases(execute, stored, 20, 1); // warm-up
    if (argv.includes('--serve')) return await serve(execute, stored);
    const report: Record<string, unknown> = {
      engine: 'aftersales-engine',
      version: packageVersion(),
      synchronous,
      writer,
      sequential: await runCases(execute, stored, size.sequentialCases, 1),
    };
    for (const inFlight of size.inFlight) {
      report[`inFlight${inFlight}`] = await runCases(execute, stored, size.concurrentCases, inFlight);
    }
    console.log(JSON.stringify(report));
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
