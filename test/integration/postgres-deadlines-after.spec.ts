import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { postgresPool } from '../../libs/event-store/index.js';
import type { RecordedEvent } from '../../libs/kernel/index.js';
import {
  DeadlineProjection,
  PostgresDeadlineProjection,
  PostgresDeadlineQueries,
  deadlinesAfter,
  rulesByCaseType,
  storedCaseDeadlines,
} from '../../libs/sla/index.js';
import {
  hoursIn,
  startPostgres,
  ticketCaseEvents,
  ticketClockScenarios,
  ticketClocksPolicy,
  type PostgresDatabase,
} from '../../libs/testing/index.js';

// What a command's answer reads of a case's deadlines in PostgreSQL (rows, owner, the position applied, in
// one statement) against the same read from SQLite, at every point the read model may have reached; the
// fold over either then gives the deadlines the read model will hold.

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL deadline answer specs skipped: ${target.skip}`);

describeWithServer("a case's stored deadlines read from PostgreSQL for an answer, as from SQLite", () => {
  const database = target as PostgresDatabase;
  let pool: pg.Pool;
  const rules = rulesByCaseType(ticketClocksPolicy);

  beforeAll(async () => {
    pool = postgresPool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await database.stop();
  });

  /** Both read models emptied, then fed the log up to `position`, their checkpoints at it. */
  async function bothAt(all: readonly RecordedEvent[], position: number): Promise<Database.Database> {
    const applied = all.filter((event) => event.position <= position);
    const db = new Database(':memory:');
    db.exec(
      'CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)',
    );
    const sqlite = new DeadlineProjection(ticketClocksPolicy);
    sqlite.setup(db);
    sqlite.applyBatch(db, applied);
    db.prepare('INSERT INTO projection_checkpoints VALUES (?, ?, ?)').run(
      sqlite.name,
      sqlite.version,
      position,
    );
    const postgres = new PostgresDeadlineProjection(ticketClocksPolicy);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await postgres.teardown(client);
      await postgres.setup(client);
      await client.query(
        'CREATE TABLE IF NOT EXISTS projection_checkpoints (name text PRIMARY KEY, version integer NOT NULL, position bigint NOT NULL)',
      );
      await client.query('DELETE FROM projection_checkpoints');
      await postgres.applyBatch(client, applied);
      await client.query('INSERT INTO projection_checkpoints VALUES ($1, $2, $3)', [
        postgres.name,
        postgres.version,
        position,
      ]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    return db;
  }

  for (const [name, steps] of Object.entries(ticketClockScenarios)) {
    it(`given ${name}: at every position, the same rows, owner and position, and the same deadlines after the fold`, async () => {
      const { mine, all } = ticketCaseEvents(steps);
      const at = hoursIn(steps[steps.length - 1]![1] + 0.5);
      const queries = new PostgresDeadlineQueries(pool);
      for (let position = 0; position <= all.length; position++) {
        const db = await bothAt(all, position);
        const fromSqlite = storedCaseDeadlines(db, 'T-1');
        const fromPostgres = await queries.storedOfCase('T-1');
        expect(fromPostgres).toEqual(fromSqlite);
        expect(deadlinesAfter(ticketClocksPolicy, rules, fromPostgres, mine, at)).toEqual(
          deadlinesAfter(ticketClocksPolicy, rules, fromSqlite, mine, at),
        );
        db.close();
      }
    });
  }
});
