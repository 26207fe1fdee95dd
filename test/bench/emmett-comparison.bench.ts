import { join } from 'node:path';
import type { Row } from './bench-row.js';
import {
  emmettDir,
  engineRunner,
  ensureEmmettInstalled,
  levelOf,
  levelsOf,
  runSide,
  sideBySideRows,
  summarise,
  SIDE_BY_SIDE_WORKLOAD,
} from './complaint-sides.js';
import { complaintWorkload, type RunnerReport } from './complaint-workload.js';

const ROUNDS = 3;

/**
 * The same complaint workflow (complaint-workload.ts, complaint v3 from intake to close) through our
 * engine and through Emmett-SQLite (test/bench/emmett/emmett-complaint.mjs), each in its own process, one
 * after the other, three rounds each, medians reported. Both with SQLite synchronous=FULL in WAL mode.
 * Throws when a side cannot run, when any of our commands fails, or when Emmett refuses a command
 * (payload or transition): a comparison of refusals measures nothing. Emmett's errors from commands
 * sharing its connection's transaction are its own behaviour and are reported, not thrown.
 */
export async function benchEmmettComparison(): Promise<Row[]> {
  const emmett = join(emmettDir, 'emmett-complaint.mjs');
  const installProblem = ensureEmmettInstalled();
  if (installProblem !== undefined) throw new Error(`Emmett not available: ${installProblem}`);

  const emmettReports: RunnerReport[] = [];
  const ourReports: RunnerReport[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    emmettReports.push(
      await runSide(emmett, SIDE_BY_SIDE_WORKLOAD, { BENCH_WORKLOAD: JSON.stringify(complaintWorkload) }),
    );
    ourReports.push(await runSide(engineRunner, SIDE_BY_SIDE_WORKLOAD));
  }
  for (const key of levelsOf(SIDE_BY_SIDE_WORKLOAD)) {
    const our = summarise(levelOf(ourReports, key));
    if (our.errors > 0) throw new Error(`ours, ${key}: ${our.errors} commands failed: ${our.firstError}`);
    const theirs = summarise(levelOf(emmettReports, key));
    if (theirs.refusals > 0)
      throw new Error(`Emmett, ${key}: ${theirs.refusals} commands refused: ${theirs.firstRefusal}`);
  }

  return sideBySideRows(
    {
      workload: SIDE_BY_SIDE_WORKLOAD,
      rounds: ROUNDS,
      prefix: '',
      apart: 'each its own process',
      theirName: 'Emmett-SQLite',
      ourName: 'ours',
      ratioName: 'ratio ours / Emmett',
      ratioNote: (key) =>
        key === 'sequential' ? 'both: one COMMIT (fsync) per command' : 'ours: group commit',
      theirExtra: (theirs) =>
        theirs.commits !== undefined
          ? `; ${theirs.commits} COMMITs for ${theirs.commands} acknowledged commands` +
            (theirs.commits < theirs.commands ? ' (acknowledged before commit: shared transaction)' : '')
          : '',
    },
    emmettReports,
    ourReports,
  );
}
