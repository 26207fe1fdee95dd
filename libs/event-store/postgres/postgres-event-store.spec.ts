import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { NewEvent, RecordedEvent } from '../../kernel/index.js';
import { startPostgres, type PostgresDatabase } from '../../testing/index.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { EVENT_STORE_MIGRATIONS, SchemaTooNewError } from './postgres-schema.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL store specs skipped: ${target.skip}`);

function event(n: number): NewEvent {
  return { eventId: randomUUID(), type: 'Counted', data: { n }, metadata: {} };
}

describeWithServer('PostgreSQL event store: several nodes on one database', () => {
  const database = target as PostgresDatabase;
  let nodeA: PostgresEventStore;
  let nodeB: PostgresEventStore;

  beforeAll(async () => {
    [nodeA, nodeB] = await Promise.all([
      PostgresEventStore.open({ connectionString: database.url }),
      PostgresEventStore.open({ connectionString: database.url }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close()]);
    await database.stop();
  });

  it('given two nodes migrating at once, when both open, then the schema is applied exactly once', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ version: number }>('SELECT version FROM engine_migrations');
    await client.end();
    expect(rows.map((row) => row.version)).toEqual(EVENT_STORE_MIGRATIONS.map((m) => m.version));
  });

  it('given writers on two nodes, a reader following the log sees every committed event once, in dense order', async () => {
    const head = await nodeA.headPosition();
    const seen: RecordedEvent[] = [];
    const expected = 2 * 40 * 5;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    // The reader starts before the writers, so it follows the log while transactions commit.
    const subscription = nodeB.subscribeToAll({
      after: head,
      onEvent: (recorded) => {
        seen.push(recorded);
        if (seen.length === expected) done();
      },
    });
    const write = (store: PostgresEventStore, label: string) =>
      Promise.all(
        Array.from({ length: 40 }, async (_, stream) => {
          const id = `node-${label}-${stream}-${randomUUID()}`;
          for (let n = 0; n < 5; n++) await store.append(id, [event(n)], n === 0 ? 'no_stream' : n - 1);
        }),
      );
    await Promise.all([write(nodeA, 'a'), write(nodeB, 'b')]);
    const timer = setTimeout(done, 15_000);
    await finished;
    clearTimeout(timer);
    await subscription.unsubscribe();
    expect(seen).toHaveLength(expected);
    expect(seen.map((recorded) => recorded.position)).toEqual(
      Array.from({ length: expected }, (_, index) => head + index + 1),
    );
  });

  it("given commands resumed together by their group's commit, when each appends again, then those appends share one group", async () => {
    const before = nodeA.commitStats();
    // Twenty commands, each appending twice: the second appends are made by the continuations the first
    // group's acknowledgements resume, one after the other in one turn of the event loop.
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const id = `resumed-${randomUUID()}`;
        await nodeA.append(id, [event(0)], 'no_stream');
        await nodeA.append(id, [event(1)], 0);
      }),
    );
    const after = nodeA.commitStats();
    expect({ groups: after.groups - before.groups, appends: after.appends - before.appends }).toEqual({
      groups: 2,
      appends: 40,
    });
  });

  it('given a racer on each node with the same expected revision, then exactly one wins', async () => {
    const id = `race-${randomUUID()}`;
    await nodeA.append(id, [event(0)], 'no_stream');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? nodeA : nodeB).append(id, [event(1)], 0)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await nodeB.streamRevision(id)).toBe(1);
  });

  it('given a database migrated by a newer engine, when a node opens it, then it refuses and changes nothing', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const newer = EVENT_STORE_MIGRATIONS[EVENT_STORE_MIGRATIONS.length - 1]!.version + 1;
    await client.query('INSERT INTO engine_migrations (version) VALUES ($1)', [newer]);
    try {
      const opening = PostgresEventStore.open({ connectionString: database.url });
      await expect(opening).rejects.toBeInstanceOf(SchemaTooNewError);
      await expect(opening).rejects.toThrow(`schema version ${newer}`);
    } finally {
      await client.query('DELETE FROM engine_migrations WHERE version = $1', [newer]);
      await client.end();
    }
  });
});
