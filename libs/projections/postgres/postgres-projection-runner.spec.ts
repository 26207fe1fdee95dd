import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore } from '../../event-store/index.js';
import type { RecordedEvent } from '../../kernel/index.js';
import { startPostgres, type PostgresDatabase } from '../../testing/index.js';
import { ProjectionFailedError } from '../projection-runner.js';
import type { PostgresProjection } from './postgres-projection.js';
import {
  PostgresProjectionRunner,
  ProjectionVersionAheadError,
  type PostgresProjectionRunnerOptions,
} from './postgres-projection-runner.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL projection runner specs skipped: ${target.skip}`);

/**
 * Records every event it applies, with the node that applied it: an event applied twice shows as two
 * rows. Can be told to fail on one event (a projection with a bug) or to take its time over a batch.
 */
class RecordingProjection implements PostgresProjection {
  failOn: string | undefined;
  slowMs = 0;
  constructor(
    readonly name: string,
    private readonly node: string,
    readonly version = 1,
  ) {}
  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`CREATE TABLE ${this.name}_applied (position bigint NOT NULL, node text NOT NULL)`);
  }
  async teardown(client: pg.ClientBase): Promise<void> {
    await client.query(`DROP TABLE IF EXISTS ${this.name}_applied`);
  }
  async applyBatch(client: pg.ClientBase, events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.eventId === this.failOn) throw new Error('bug');
      await client.query(`INSERT INTO ${this.name}_applied (position, node) VALUES ($1, $2)`, [
        event.position,
        this.node,
      ]);
    }
    if (this.slowMs > 0) await client.query('SELECT pg_sleep($1)', [this.slowMs / 1000]);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

describeWithServer(
  'PostgreSQL projection runner: each projection applied once, by one node at a time',
  () => {
    const database = target as PostgresDatabase;
    let writer: PostgresEventStore;
    let admin: pg.Client;
    const closers: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      writer = await PostgresEventStore.open({ connectionString: database.url });
      admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
    });
    afterAll(async () => {
      for (const close of closers.reverse()) await close();
      await admin?.end();
      await writer?.close();
      await database.stop();
    });

    /** A node: its own store and runner over one projection. */
    async function node(
      projection: RecordingProjection,
      options: Partial<PostgresProjectionRunnerOptions> = {},
    ): Promise<PostgresProjectionRunner> {
      const store = await PostgresEventStore.open({ connectionString: database.url });
      const runner = await PostgresProjectionRunner.open(store, [projection], {
        connectionString: database.url,
        pollIntervalMs: 100,
        ...options,
      });
      closers.push(async () => {
        await runner.close();
        await store.close();
      });
      return runner;
    }

    /** Two running nodes: `a` took the projection's duty first, `b` stands by. */
    async function holderAndStandby(
      name: string,
      holderOptions: Partial<PostgresProjectionRunnerOptions> = {},
    ): Promise<[PostgresProjectionRunner, PostgresProjectionRunner]> {
      const a = await node(new RecordingProjection(name, 'a'), holderOptions);
      const b = await node(new RecordingProjection(name, 'b'));
      a.start();
      await eventually(() => a.holds(name), 2000);
      b.start();
      return [a, b];
    }

    async function append(count: number): Promise<number> {
      let position = 0;
      for (let n = 0; n < count; n++) {
        ({ position } = await writer.append(
          `s-${n % 3}`,
          [{ eventId: randomUUID(), type: 'Counted', data: { n }, metadata: {} }],
          'any',
        ));
      }
      return position;
    }

    async function applied(name: string): Promise<{ position: number; node: string }[]> {
      const { rows } = await admin.query<{ position: string; node: string }>(
        `SELECT position, node FROM ${name}_applied ORDER BY position, node`,
      );
      return rows.map((row) => ({ position: Number(row.position), node: row.node }));
    }

    async function checkpoint(name: string): Promise<number> {
      const { rows } = await admin.query<{ position: string }>(
        'SELECT position FROM projection_checkpoints WHERE name = $1',
        [name],
      );
      return Number(rows[0]!.position);
    }

    /** Every event of the log up to `head`, each applied exactly once. */
    async function appliedOnce(name: string, head: number): Promise<void> {
      const positions = (await applied(name)).map((row) => row.position);
      expect(positions).toEqual(Array.from({ length: head }, (_, index) => index + 1));
    }

    it('given a caught-up projection, then its checkpoint is the last position applied, committed with the rows', async () => {
      const head = await append(5);
      const runner = await node(new RecordingProjection('caught', 'a'), { batchSize: 2 });
      expect(await runner.catchUp()).toBe(head);
      await appliedOnce('caught', head);
      expect(await checkpoint('caught')).toBe(head);
    });

    it('given a projection failing on an event, then its batch is rolled back whole, rows and checkpoint, and applied once fixed', async () => {
      const projection = new RecordingProjection('failing', 'a');
      const runner = await node(projection, { batchSize: 1000 });
      const head = await append(3);
      const { rows } = await admin.query<{ event_id: string }>(
        'SELECT event_id FROM events WHERE position = $1',
        [head - 1],
      );
      projection.failOn = rows[0]!.event_id;

      await expect(runner.catchUp()).rejects.toBeInstanceOf(ProjectionFailedError);
      expect(await applied('failing')).toEqual([]);
      expect(await checkpoint('failing')).toBe(0);

      projection.failOn = undefined;
      await runner.catchUp();
      await appliedOnce('failing', head);
      expect(await checkpoint('failing')).toBe(head);
    });

    it('given two nodes running it, then only the one holding its duty applies, and the other takes over when the holder stops', async () => {
      const [a, b] = await holderAndStandby('handover');
      const first = await append(4);
      expect(await b.waitForPosition(first, 5000)).toBe(true);
      await sleep(300);
      expect(a.holds('handover')).toBe(true);
      expect(b.holds('handover')).toBe(false);
      expect(new Set((await applied('handover')).map((row) => row.node))).toEqual(new Set(['a']));

      await a.stop();
      const second = await append(4);
      expect(await b.waitForPosition(second, 5000)).toBe(true);
      expect(b.holds('handover')).toBe(true);
      await appliedOnce('handover', second);
      const after = (await applied('handover')).filter((row) => row.position > first);
      expect(new Set(after.map((row) => row.node))).toEqual(new Set(['b']));
    });

    it('given the holder’s duty session is terminated (as when its node dies), then the other node takes over and nothing is applied twice', async () => {
      // The holder claims again only when woken or in 10 s (a dying node never does): the standby, looking
      // every 100 ms, finds the duty free first.
      const [a, b] = await holderAndStandby('killed', { pollIntervalMs: 10_000 });
      const first = await append(3);
      expect(await a.waitForPosition(first, 5000)).toBe(true);
      await sleep(300); // the holder idle, in its 10 s pause

      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name LIKE 'engine duty projection killed %'
          AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`,
      );
      await eventually(() => b.holds('killed'), 5000);
      const second = await append(3);
      expect(await b.waitForPosition(second, 5000)).toBe(true);
      expect(a.holds('killed')).toBe(false);
      await appliedOnce('killed', second);
      expect((await applied('killed')).filter((row) => row.position > first).map((row) => row.node)).toEqual([
        'b',
        'b',
        'b',
      ]);
    });

    it('given two nodes that both believe they apply it (a holder resuming after another took over), then every event is still applied exactly once', async () => {
      const head = await append(40);
      const [first, second] = [new RecordingProjection('twice', 'a'), new RecordingProjection('twice', 'b')];
      first.slowMs = second.slowMs = 20;
      const [a, b] = [await node(first, { batchSize: 3 }), await node(second, { batchSize: 3 })];
      // Both apply at once, each from where it last saw the checkpoint: neither holds nor asks for the duty.
      const counts = await Promise.all([a.catchUp(), b.catchUp()]);
      expect(counts[0] + counts[1]).toBe(head);
      expect(Math.min(...counts)).toBeGreaterThan(0);
      await appliedOnce('twice', head);
      expect(await checkpoint('twice')).toBe(head);
    });

    it('given a reader on another node, when it waits for a position before the holder applied it, then it is told as soon as the holder commits, without polling', async () => {
      const holder = await node(new RecordingProjection('waited', 'a'));
      // The reader polls every 10 s: only the holder's notification can answer it within the wait.
      const reader = await node(new RecordingProjection('waited', 'b'), { pollIntervalMs: 10_000 });
      holder.start();
      await eventually(() => holder.holds('waited'), 2000);
      const head = (await writer.headPosition()) + 2;
      const waiting = reader.waitForPosition(head, 3000);
      await sleep(100);
      await append(2);
      expect(await waiting).toBe(true);
      expect(await checkpoint('waited')).toBeGreaterThanOrEqual(head);
      expect(reader.holds('waited')).toBe(false);
      expect(await reader.waitForPosition(head + 100, 200)).toBe(false);
    });

    it('given the holder idle between polls, when an event is appended on another node, then the notification wakes it at once', async () => {
      const holder = await node(new RecordingProjection('woken', 'a'), { pollIntervalMs: 10_000 });
      await holder.catchUp();
      holder.start();
      await eventually(() => holder.holds('woken'), 2000);
      await sleep(300);
      const position = await append(1);
      const startedAt = Date.now();
      expect(await holder.waitForPosition(position, 3000)).toBe(true);
      expect(Date.now() - startedAt).toBeLessThan(3000);
      await appliedOnce('woken', position);
    });

    it('given a rebuild asked on any node, then the projection is emptied and applied again from the start', async () => {
      const projection = new RecordingProjection('rebuilt', 'a');
      const runner = await node(projection);
      await runner.catchUp();
      await admin.query(`INSERT INTO rebuilt_applied (position, node) VALUES (1, 'stray')`);

      await runner.rebuild(['rebuilt']);
      expect(await checkpoint('rebuilt')).toBe(0);
      expect(await applied('rebuilt')).toEqual([]);
      const head = await writer.headPosition();
      expect(await runner.catchUp()).toBe(head);
      await appliedOnce('rebuilt', head);
      await expect(runner.rebuild(['nope'])).rejects.toThrow('Unknown projection(s): nope');
    });

    it('given a new version of the projection, then its tables are rebuilt from the log, and a node of the older version applies nothing more', async () => {
      const old = new RecordingProjection('versioned', 'old');
      const older = await node(old);
      await older.catchUp();
      const newer = await node(new RecordingProjection('versioned', 'new', 2));
      expect(await applied('versioned')).toEqual([]);
      const head = await append(2);
      await newer.catchUp();
      await appliedOnce('versioned', head);
      expect(new Set((await applied('versioned')).map((row) => row.node))).toEqual(new Set(['new']));

      await append(1);
      const refused = older.catchUp();
      await expect(refused).rejects.toBeInstanceOf(ProjectionFailedError);
      await expect(refused).rejects.toHaveProperty('cause', expect.any(ProjectionVersionAheadError));
      await appliedOnce('versioned', head);
    });
  },
);
