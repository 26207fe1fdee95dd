import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { PostgresEventStore } from '../event-store/index.js';
import { FixedClock } from '../kernel/index.js';
import { actorAs, startPostgres, ticketWorkflow, type PostgresDatabase } from '../testing/index.js';
import {
  CaseRepository,
  WorkflowEngine,
  WorkflowRegistry,
  type CaseSnapshot,
  type CaseSnapshotStore,
} from '../workflow-engine/index.js';
import { PostgresCaseSnapshots } from './postgres-case-snapshots.js';
import { SqliteCaseSnapshots } from './sqlite-case-snapshots.js';

const postgres = await startPostgres();
if ('skip' in postgres) console.log(`Case snapshots in PostgreSQL: skipped, ${postgres.skip}`);
afterAll(async () => {
  if (!('skip' in postgres)) await postgres.stop();
});

/** A snapshot store under test, and how to let the writes it was not awaited for land. */
interface Target {
  readonly store: CaseSnapshotStore;
  settled(): Promise<void>;
  close(): Promise<void>;
}

const targets: [string, () => Promise<Target>][] = [
  [
    'beside the read models (SQLite)',
    async () => {
      const db = new Database(':memory:');
      return {
        store: new SqliteCaseSnapshots(db),
        settled: async () => undefined,
        close: async () => void db.close(),
      };
    },
  ],
  ...('skip' in postgres
    ? []
    : ([
        [
          'in the shared database (PostgreSQL)',
          async () => {
            // The store's migrations create the table, as a node's start does.
            const events = await PostgresEventStore.open({ connectionString: postgres.url });
            await events.close();
            const snapshots = new PostgresCaseSnapshots({ connectionString: postgres.url });
            await clearAll(postgres);
            return { store: snapshots, settled: () => snapshots.settled(), close: () => snapshots.close() };
          },
        ],
      ] as [string, () => Promise<Target>][])),
];

async function clearAll(database: PostgresDatabase): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('DELETE FROM case_snapshots');
  await client.end();
}

const snapshot = (streamId: string, revision: number, latestOccurredMs: number): CaseSnapshot => ({
  streamId,
  revision,
  machineVersion: 1,
  lastHash: `hash-${revision}`,
  latestOccurredMs,
  state: `{"revision":${revision}}`,
});

describe.each(targets)('case snapshots kept %s', (_, open) => {
  let target: Target;
  beforeEach(async () => {
    target = await open();
  });
  afterEach(() => target.close());

  const keep = async (...snapshots: CaseSnapshot[]) => {
    for (const kept of snapshots) await target.store.save(kept);
    await target.settled();
  };

  it('given snapshots at revisions 3 and 7, then the latest is 7, and as of a moment the latest whose events had occurred by then', async () => {
    await keep(snapshot('ticket-a', 3, 1_000), snapshot('ticket-a', 7, 2_000), snapshot('ticket-b', 9, 500));
    expect(await target.store.latest('ticket-a')).toEqual(snapshot('ticket-a', 7, 2_000));
    expect(await target.store.latest('ticket-a', 1_999)).toEqual(snapshot('ticket-a', 3, 1_000));
    expect(await target.store.latest('ticket-a', 999)).toBeUndefined();
    expect(await target.store.latest('ticket-c')).toBeUndefined();
  });

  it('given a snapshot kept again at the same revision, then the newer one replaces it', async () => {
    await keep(snapshot('ticket-a', 3, 1_000), {
      ...snapshot('ticket-a', 3, 1_000),
      state: '{"again":true}',
    });
    expect(await target.store.latest('ticket-a')).toMatchObject({ revision: 3, state: '{"again":true}' });
  });

  it('given a discard at revision 7, then 7 and every later one go and the earlier ones stay', async () => {
    await keep(
      snapshot('ticket-a', 3, 1_000),
      snapshot('ticket-a', 7, 2_000),
      snapshot('ticket-a', 11, 3_000),
    );
    await target.store.discard('ticket-a', 7);
    await target.settled();
    expect(await target.store.latest('ticket-a')).toEqual(snapshot('ticket-a', 3, 1_000));
  });
});

const describeOnPostgres = 'skip' in postgres ? describe.skip : describe;

describeOnPostgres('case snapshots shared by the nodes of one PostgreSQL database', () => {
  const database = postgres as PostgresDatabase;
  const registry = new WorkflowRegistry([ticketWorkflow]);
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');
  const cs = actorAs('customer_service');
  let nodes: { events: PostgresEventStore; snapshots: PostgresCaseSnapshots }[] = [];
  beforeEach(async () => {
    nodes = [];
    for (let n = 0; n < 2; n++) {
      nodes.push({
        events: await PostgresEventStore.open({ connectionString: database.url }),
        snapshots: new PostgresCaseSnapshots({ connectionString: database.url }),
      });
    }
  });
  afterEach(async () => {
    for (const node of nodes) {
      await node.snapshots.close();
      await node.events.close();
    }
  });

  it('given a case folded on node A, then a cold load on node B starts from the snapshot A kept and gives the same case', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const onA = new WorkflowEngine(
      a.events,
      registry,
      new CaseRepository(a.events, registry, 100, { store: a.snapshots, interval: 4 }),
      clock,
    );
    const { caseId } = await onA.execute({
      caseType: 'ticket',
      action: 'create',
      data: { title: 'Noise' },
      actor: cs,
    });
    for (let note = 1; note < 10; note++) {
      clock.advance(60_000);
      await onA.execute({ caseType: 'ticket', caseId, action: 'note', data: {}, actor: cs });
    }
    await a.snapshots.settled();

    const onB = new CaseRepository(b.events, registry, 0, { store: b.snapshots, interval: 4 });
    const loaded = await onB.load('ticket', caseId);
    expect(onB.snapshotCounts).toMatchObject({ used: 1, discarded: 0, failed: 0 });
    const replayed = await new CaseRepository(b.events, registry, 0).load('ticket', caseId);
    expect(loaded?.revision).toBe(9);
    expect(loaded?.snapshot.value).toEqual(replayed?.snapshot.value);
    expect(loaded?.snapshot.context).toEqual(replayed?.snapshot.context);
    expect(loaded?.lastHash).toBe(replayed?.lastHash);
    const commandIds = (state: typeof loaded) => [...state!.commands].map(([commandId]) => commandId);
    expect(commandIds(loaded)).toEqual(commandIds(replayed));
  });
});
