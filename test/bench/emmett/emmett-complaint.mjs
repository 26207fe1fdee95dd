// The complaint workflow as an Emmett decider (complaint-decider.mjs) on Emmett's SQLite event store: the
// other side of the side-by-side benchmark (test/bench/emmett-comparison.bench.ts starts this file in its
// own process; the run itself is complaint-run.mjs).
//
//   node emmett-complaint.mjs --sequential 300 --cases 1000 --in-flight 16,64
//   (the complaint's commands come as JSON in the BENCH_WORKLOAD environment variable, from complaint-workload.ts)
//
// Prints one JSON line: { engine, version, synchronous, sequential: {...}, inFlight16: {...}, ... }.
//
// Connection: emmett-sqlite opens a node-sqlite3 connection per operation for a file database unless an
// ambient one is passed (connectionOptions: { singleton: true, connection }); that is the fastest setup it
// offers, so one connection is opened here and shared. Emmett itself only runs `PRAGMA journal_mode = WAL`
// on it; `PRAGMA synchronous = FULL` is set here (it is also this build's default in WAL mode), and read
// back into the output. Transactions are `BEGIN IMMEDIATE … COMMIT` with a nesting counter per connection:
// concurrent commands on one connection join whichever transaction is open, so the COMMITs are counted
// (node-sqlite3's Database#run is wrapped) and reported beside the commands.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSQLiteEventStore, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import sqlite3 from 'sqlite3';
import { runComplaintLevels, versionOf } from './complaint-run.mjs';

let commits = 0;
const run = sqlite3.Database.prototype.run;
sqlite3.Database.prototype.run = function countCommits(sql, ...rest) {
  if (sql === 'COMMIT') commits += 1;
  return run.call(this, sql, ...rest);
};

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-emmett-'));
  const fileName = join(dir, 'events.sqlite');
  const connection = sqliteConnection({ fileName });
  const closers = [() => connection.close()];
  try {
    await connection.command('PRAGMA synchronous = FULL');
    const eventStore = getSQLiteEventStore({ fileName, connectionOptions: { singleton: true, connection } });
    const { synchronous } = await connection.querySingle('PRAGMA synchronous');
    await eventStore.schema.migrate();
    // Counted on a second connection, so only committed events count.
    const counter = sqliteConnection({ fileName });
    closers.push(() => counter.close());
    const stored = async () =>
      (await counter.querySingle('SELECT COUNT(*) AS stored FROM emt_messages')).stored;
    await runComplaintLevels({
      header: {
        engine: 'emmett-sqlite',
        version: `emmett ${versionOf('@event-driven-io/emmett')}, emmett-sqlite ${versionOf('@event-driven-io/emmett-sqlite')}, sqlite3 ${versionOf('sqlite3')}`,
        synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][synchronous] ?? String(synchronous),
      },
      eventStore,
      stored,
      commitsSeen: () => commits,
    });
  } finally {
    for (const close of closers) close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
