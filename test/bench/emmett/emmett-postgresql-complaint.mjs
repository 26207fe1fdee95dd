// The complaint workflow as an Emmett decider (complaint-decider.mjs) on Emmett's PostgreSQL event store:
// the other side of the PostgreSQL benchmark (test/bench/postgres.bench.ts starts this file in its own
// process, with DATABASE_URL naming a fresh database; the run itself is complaint-run.mjs).
//
//   DATABASE_URL=postgres://… node emmett-postgresql-complaint.mjs --sequential 300 --cases 1000 --in-flight 16,64
//
// Prints one JSON line: { engine, version, synchronous, sequential: {...}, inFlight16: {...}, ... }.
//
// Setup: `getPostgreSQLEventStore(connectionString)` as Emmett's documentation shows it, pooled (dumbo's
// pg.Pool, BENCH_EMMETT_PG_POOL connections when set, pg's default of 10 otherwise). Every append is its own
// transaction on a pooled connection (`emt_append_to_stream` between BEGIN and COMMIT), acknowledged after
// its COMMIT; the server's durability is left as configured (synchronous_commit is read back into the
// output). The schema is created by `schema.migrate()` before the run.
import pg from 'pg';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { runComplaintLevels, versionOf } from './complaint-run.mjs';

async function main() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is missing');
  const poolSize = process.env.BENCH_EMMETT_PG_POOL ? Number(process.env.BENCH_EMMETT_PG_POOL) : undefined;
  const pool = poolSize !== undefined ? new pg.Pool({ connectionString, max: poolSize }) : undefined;
  const eventStore = getPostgreSQLEventStore(
    connectionString,
    pool !== undefined ? { connectionOptions: { pool } } : undefined,
  );
  // Counted on a connection of its own, so only committed events count.
  const counter = new pg.Client({ connectionString });
  await counter.connect();
  try {
    await eventStore.schema.migrate();
    const setting = async (name) => (await counter.query(`SHOW ${name}`)).rows[0][name];
    const stored = async () =>
      Number((await counter.query('SELECT count(*) AS stored FROM emt_messages')).rows[0].stored);
    await runComplaintLevels({
      header: {
        engine: 'emmett-postgresql',
        version:
          `emmett ${versionOf('@event-driven-io/emmett')}, emmett-postgresql ${versionOf('@event-driven-io/emmett-postgresql')}, ` +
          `pg ${versionOf('pg')}, pool ${poolSize ?? 'default (10)'}, PostgreSQL ${await setting('server_version')}`,
        synchronous: `synchronous_commit=${await setting('synchronous_commit')}, fsync=${await setting('fsync')}`,
      },
      eventStore,
      stored,
    });
  } finally {
    await counter.end();
    await eventStore.close();
    await pool?.end().catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
