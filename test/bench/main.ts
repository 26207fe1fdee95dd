import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchAudit } from './audit.bench.js';
import { medianOfRounds, printTable, printTargets, type Row } from './bench-row.js';
import { benchCommandPath } from './command-path.bench.js';
import { benchEmmettComparison } from './emmett-comparison.bench.js';
import { benchEventStore } from './event-store.bench.js';
import { benchHostileBodies } from './hostile-bodies.bench.js';
import { benchHttp } from './http.bench.js';
import { performanceTargets } from './performance-targets.js';
import { benchPostgres } from './postgres.bench.js';
import { benchScale } from './scale.bench.js';
import { benchReports } from './reports.bench.js';
import { benchSla } from './sla.bench.js';

/**
 * `npm run bench`: every speed figure, never in timed unit tests. Each section runs BENCH_ROUNDS times
 * (default 3) and reports medians; the scale section (a million cases) runs once; the Emmett-SQLite
 * comparison runs its own three rounds per side, the PostgreSQL one BENCH_ROUNDS per side (each on a
 * PostgreSQL server it starts for itself). `node dist/test/bench/main.js <section>…` runs only those sections.
 * The whole run is kept as JSON in test/bench/results/. A section that throws (a runner that crashed, a
 * command refused or failed where the workload expects none) is named as FAILED, the other sections still
 * run, and the process exits with 1: a figure measured on refusals is no figure.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const SECTIONS: Record<string, { title: string; run: () => Promise<Row[]> }> = {
  store: {
    title: 'Event store (SQLite, synchronous=FULL)',
    run: () => medianOfRounds(ROUNDS, benchEventStore),
  },
  engine: { title: 'Workflow engine (ticket workflow)', run: () => medianOfRounds(ROUNDS, benchCommandPath) },
  audit: { title: 'Audit', run: () => medianOfRounds(ROUNDS, benchAudit) },
  sla: { title: 'SLA sweeper', run: () => medianOfRounds(ROUNDS, benchSla) },
  reports: { title: 'Reports (projection and queries)', run: () => medianOfRounds(ROUNDS, benchReports) },
  http: {
    title: 'HTTP against the built server in its own process (SQLite synchronous=FULL, group commit)',
    run: () => medianOfRounds(ROUNDS, benchHttp),
  },
  hostile: {
    title:
      'Hostile bodies against the built server (refusal times, /health under three such clients; medians of 5)',
    run: benchHostileBodies,
  },
  scale: { title: 'Scale (one run, its own process)', run: async () => (await benchScale()).rows },
  emmett: {
    title: 'Side by side with Emmett-SQLite (same complaint workflow, synchronous=FULL)',
    run: benchEmmettComparison,
  },
  postgres: {
    title:
      'PostgreSQL store, one node and three, side by side with Emmett-PostgreSQL (same complaint workflow, synchronous_commit=on)',
    run: () => benchPostgres(ROUNDS),
  },
};

async function main(): Promise<void> {
  const chosen = process.argv.slice(2);
  const names = chosen.length > 0 ? chosen : Object.keys(SECTIONS);
  const unknown = names.filter((name) => SECTIONS[name] === undefined);
  if (unknown.length > 0)
    throw new Error(`unknown section ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);

  const memory = new Database(':memory:');
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown cpu',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
    sqlite: memory.prepare('SELECT sqlite_version()').pluck().get() as string,
    pragmas: 'journal_mode=WAL, synchronous=FULL, group commit in the writer thread (the defaults)',
    rounds: ROUNDS,
  };
  memory.close();
  console.log(
    `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}, ` +
      `SQLite ${machine.sqlite} (${machine.pragmas}); medians of ${ROUNDS} rounds`,
  );

  const results: Record<string, Row[]> = {};
  const failures: Record<string, string> = {};
  for (const name of names) {
    const section = SECTIONS[name]!;
    try {
      results[name] = await section.run();
      printTable(section.title, results[name]);
    } catch (error) {
      failures[name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`\n${section.title}: FAILED\n${failures[name]}`);
    }
  }
  const targets = performanceTargets(Object.values(results).flat());
  if (targets.length > 0) printTargets(targets);

  const folder = join(process.cwd(), 'test', 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), machine, sections: results, targets, ...(Object.keys(failures).length > 0 ? { failures } : {}) }, null, 2)}\n`,
  );
  console.log(`\nResults kept in ${file}`);
  if (Object.keys(failures).length > 0) {
    console.error(`\nFAILED sections: ${Object.keys(failures).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
