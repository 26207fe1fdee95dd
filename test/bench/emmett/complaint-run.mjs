// The run both Emmett sides share (emmett-complaint.mjs on SQLite, emmett-postgresql-complaint.mjs on
// PostgreSQL): the complaint workload from BENCH_WORKLOAD, a warm-up, then the complaints one at a time and
// at each in-flight level, each command through the decider's handler (complaint-decider.mjs), timed.
//
//   --sequential 300 --cases 1000 --in-flight 16,64
//
// Prints one JSON line: { engine, version, synchronous, sequential: {...}, inFlight16: {...}, ... }.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handle, REFUSAL } from './complaint-decider.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function argument(flag, fallback) {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The installed version of a package of this folder. */
export function versionOf(name) {
  return JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/**
 * Runs `cases` complaints with `inFlight` of them at a time. `stored()` counts the committed events;
 * `commitsSeen()`, when given, the COMMITs the side's store issued so far.
 */
async function runCases(eventStore, stored, workload, cases, inFlight, commitsSeen) {
  const storedBefore = await stored();
  const latencies = [];
  let errors = 0;
  let refusals = 0;
  let firstError;
  let firstRefusal;
  let next = 0;
  const commitsBefore = commitsSeen?.();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < cases) {
        next += 1;
        const caseId = randomUUID();
        for (const step of workload) {
          const t = performance.now();
          try {
            await handle(eventStore, caseId, {
              type: step.action,
              data: step.data,
              metadata: { actor: step.actor, now: new Date(), caseId },
            });
            latencies.push(performance.now() - t);
          } catch (error) {
            errors += 1;
            firstError ??= String(error);
            if (error?.[REFUSAL] === true) {
              refusals += 1;
              firstRefusal ??= String(error);
            }
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
    refusals,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    storedEvents: (await stored()) - storedBefore,
    ...(commitsSeen !== undefined ? { commits: commitsSeen() - commitsBefore } : {}),
    ...(firstError !== undefined ? { firstError } : {}),
    ...(firstRefusal !== undefined ? { firstRefusal } : {}),
  };
}

/**
 * The whole run on one side's store: `header` names the engine, its versions and its durability setting;
 * prints the report line.
 */
export async function runComplaintLevels({ header, eventStore, stored, commitsSeen }) {
  const workload = JSON.parse(process.env.BENCH_WORKLOAD ?? 'null');
  if (!Array.isArray(workload) || workload.length === 0) throw new Error('BENCH_WORKLOAD (JSON) is missing');
  const sequentialCases = Number(argument('--sequential', '300'));
  const concurrentCases = Number(argument('--cases', '1000'));
  const inFlightLevels = argument('--in-flight', '16').split(',').map(Number);
  await runCases(eventStore, stored, workload, 20, 1, commitsSeen); // warm-up
  const report = {
    ...header,
    sequential: await runCases(eventStore, stored, workload, sequentialCases, 1, commitsSeen),
  };
  for (const inFlight of inFlightLevels) {
    report[`inFlight${inFlight}`] = await runCases(
      eventStore,
      stored,
      workload,
      concurrentCases,
      inFlight,
      commitsSeen,
    );
  }
  console.log(JSON.stringify(report));
}
