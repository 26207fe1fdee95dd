import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { CommandPayloadValidator } from '../../libs/command-schema/index.js';
import { WorkflowRegistry } from '../../libs/workflow-engine/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';
import { SqliteEventStore } from '../../libs/event-store/sqlite/sqlite-event-store.js';
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
 * Our side of the Emmett comparison, run as its own process by emmett-comparison.bench.ts from
 * dist/test/bench/engine-complaint-runner.js: the registered workflows, SQLite with synchronous=FULL and
 * group commit (the defaults), the complaint workload through `engine.execute` (payload validated with the
 * workflow's schema as openRuntime wires it, load, decide, hash chain, durable append; projections are not
 * fed and personal data is not sealed, as on the Emmett side). Prints one JSON line.
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
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    commandsPerSecond: latencies.length / seconds,
    commands: latencies.length,
    errors,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    storedEvents: (await stored()) - storedBefore,
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

async function main(): Promise<void> {
  const size: WorkloadSize = parseWorkloadArgs(process.argv.slice(2), {
    sequentialCases: 300,
    concurrentCases: 1000,
    inFlight: [16],
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-engine-complaint-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous: 'FULL' });
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
    const report: Record<string, unknown> = {
      engine: 'aftersales-engine',
      version: packageVersion(),
      synchronous: SYNCHRONOUS[store.db.pragma('synchronous', { simple: true }) as number] ?? 'unknown',
      writer: store.writer,
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
