import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { MemoryEventStore } from '../event-store/index.js';
import type { RecordedEvent } from '../kernel/index.js';
import type { Projection } from './projection.js';
import { ProjectionFailedError, ProjectionRunner } from './projection-runner.js';

/** Counts events per stream; can be told to fail on one event, like a projection with a bug. */
class CountingProjection implements Projection {
  readonly name = 'counts';
  failOn: string | undefined;
  prepare?: (events: readonly RecordedEvent[]) => Promise<void>;
  constructor(readonly version = 1) {}
  setup(db: Database.Database): void {
    db.exec('CREATE TABLE IF NOT EXISTS counts_rows (stream TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  }
  teardown(db: Database.Database): void {
    db.exec('DROP TABLE IF EXISTS counts_rows');
  }
  apply(db: Database.Database, event: RecordedEvent): void {
    if (event.eventId === this.failOn) throw new Error('bug');
    db.prepare(
      'INSERT INTO counts_rows (stream, n) VALUES (?, 1) ON CONFLICT(stream) DO UPDATE SET n = n + 1',
    ).run(event.streamId);
  }
}

describe('projection runner', () => {
  let store: MemoryEventStore;
  let db: Database.Database;
  beforeEach(async () => {
    store = new MemoryEventStore();
    db = new Database(':memory:');
    for (let n = 0; n < 5; n++)
      await store.append(`s-${n % 2}`, [{ eventId: `e${n}`, type: 'T', data: {}, metadata: {} }], 'any');
  });
  afterEach(async () => {
    db.close();
    await store.close();
  });
  const counts = () => db.prepare('SELECT stream, n FROM counts_rows ORDER BY stream').all();

  it('applies the log and stores the checkpoint with the rows', async () => {
    const runner = new ProjectionRunner(store, db, [new CountingProjection()], { catchUpBatchSize: 2 });
    expect(await runner.catchUp()).toBe(5);
    expect(counts()).toEqual([
      { stream: 's-0', n: 3 },
      { stream: 's-1', n: 2 },
    ]);
    expect(db.prepare('SELECT position FROM projection_checkpoints WHERE name = ?').get('counts')).toEqual({
      position: 5,
    });
  });

  it('resumes from its checkpoint after a restart, applying nothing twice', async () => {
    await new ProjectionRunner(store, db, [new CountingProjection()]).catchUp();
    await store.append('s-0', [{ eventId: 'e5', type: 'T', data: {}, metadata: {} }], 'any');
    expect(await new ProjectionRunner(store, db, [new CountingProjection()]).catchUp()).toBe(1);
    expect(counts()).toEqual([
      { stream: 's-0', n: 4 },
      { stream: 's-1', n: 2 },
    ]);
  });

  it('rolls a failing batch back whole, rows and checkpoint, and applies it once fixed', async () => {
    const projection = new CountingProjection();
    projection.failOn = 'e3';
    const runner = new ProjectionRunner(store, db, [projection], { batchSize: 10 });
    await expect(runner.catchUp()).rejects.toBeInstanceOf(ProjectionFailedError);
    expect(counts()).toEqual([]);
    projection.failOn = undefined;
    await runner.catchUp();
    expect(counts()).toEqual([
      { stream: 's-0', n: 3 },
      { stream: 's-1', n: 2 },
    ]);
  });

  it('rebuilds from zero on request, and by itself when the version changes', async () => {
    const runner = new ProjectionRunner(store, db, [new CountingProjection()]);
    await runner.catchUp();
    db.exec("UPDATE counts_rows SET n = 99 WHERE stream = 's-0'");
    expect(await runner.rebuild(['counts'])).toBe(5);
    expect(counts()).toEqual([
      { stream: 's-0', n: 3 },
      { stream: 's-1', n: 2 },
    ]);
    db.exec("UPDATE counts_rows SET n = 99 WHERE stream = 's-0'");
    await new ProjectionRunner(store, db, [new CountingProjection(2)]).catchUp();
    expect(counts()).toEqual([
      { stream: 's-0', n: 3 },
      { stream: 's-1', n: 2 },
    ]);
    await expect(runner.rebuild(['nope'])).rejects.toThrow('Unknown projection');
  });

  it('answers read-your-writes waits', async () => {
    const runner = new ProjectionRunner(store, db, [new CountingProjection()], { pollIntervalMs: 10_000 });
    runner.start();
    const { position } = await store.append(
      's-9',
      [{ eventId: 'e9', type: 'T', data: {}, metadata: {} }],
      'any',
    );
    expect(await runner.waitForPosition(position, 2000)).toBe(true);
    expect(await runner.waitForPosition(position + 100, 50)).toBe(false);
    await runner.stop();
  });

  describe('gathering appends into one round', () => {
    /** The batches the projection was given, by size. */
    const batchSizes = (projection: CountingProjection): number[] => {
      const sizes: number[] = [];
      projection.prepare = async (events) => {
        sizes.push(events.length);
      };
      return sizes;
    };
    const appendAndWake = async (runner: ProjectionRunner, n: number) => {
      const appended = await store.append(
        `g-${n}`,
        [{ eventId: `g${n}`, type: 'T', data: {}, metadata: {} }],
        'any',
      );
      runner.wake();
      return appended;
    };

    it('given appends woken for within the gathering time, then they are applied in one round after it', async () => {
      const projection = new CountingProjection();
      const runner = new ProjectionRunner(store, db, [projection], { pollIntervalMs: 10_000, gatherMs: 200 });
      await runner.catchUp();
      const sizes = batchSizes(projection);
      runner.start();
      try {
        await appendAndWake(runner, 1);
        await appendAndWake(runner, 2);
        const last = await appendAndWake(runner, 3);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(runner.checkpointOf('counts')).toBeLessThan(last.position);
        const appliedBy = Date.now() + 2000;
        while ((runner.checkpointOf('counts') ?? 0) < last.position && Date.now() < appliedBy)
          await new Promise((resolve) => setTimeout(resolve, 10));
        expect(runner.checkpointOf('counts')).toBe(last.position);
        expect(sizes).toEqual([3]);
      } finally {
        await runner.stop();
      }
    });

    it('given a reader waiting for a position, then the gathering ends at once for it', async () => {
      const projection = new CountingProjection();
      const runner = new ProjectionRunner(store, db, [projection], {
        pollIntervalMs: 10_000,
        gatherMs: 10_000,
      });
      await runner.catchUp();
      runner.start();
      try {
        const { position } = await appendAndWake(runner, 1);
        const started = performance.now();
        expect(await runner.waitForPosition(position, 2000)).toBe(true);
        expect(performance.now() - started).toBeLessThan(1000);
      } finally {
        await runner.stop();
      }
    });

    it('given a gathering under way, when the runner stops, then it stops at once', async () => {
      const runner = new ProjectionRunner(store, db, [new CountingProjection()], {
        pollIntervalMs: 10_000,
        gatherMs: 10_000,
      });
      await runner.catchUp();
      runner.start();
      await appendAndWake(runner, 1);
      const started = performance.now();
      await runner.stop();
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });

  describe('following the log', () => {
    /** The store's reads of the log, counted. */
    const countReads = (): { count: number } => {
      const reads = { count: 0 };
      const readAll = store.readAll.bind(store);
      store.readAll = (options) => {
        reads.count += 1;
        return readAll(options);
      };
      return reads;
    };
    const append = (n: number) =>
      store.append(`s-${n}`, [{ eventId: `f${n}`, type: 'T', data: {}, metadata: {} }], 'any');

    it('given a short page applied, when nothing is appended meanwhile, then it does not read the log again until woken', async () => {
      const runner = new ProjectionRunner(store, db, [new CountingProjection()], { pollIntervalMs: 10_000 });
      await runner.catchUp();
      const reads = countReads();
      runner.start();
      const { position } = await append(1);
      runner.wake();
      expect(await runner.waitForPosition(position, 2000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The first look at start found nothing; the wake's look applied the event; nothing after it.
      expect(reads.count).toBe(2);
      await runner.stop();
    });

    it('given an event appended and woken for while a round applies a batch, then it looks again at once', async () => {
      const projection = new CountingProjection();
      const runner = new ProjectionRunner(store, db, [projection], { pollIntervalMs: 10_000 });
      await runner.catchUp();
      let appendedDuringRound: { position: number } | undefined;
      // A projection that prepares asynchronously: the round is under way while another command commits.
      projection.prepare = async (events) => {
        if (appendedDuringRound === undefined && events.some((event) => event.eventId === 'f1')) {
          appendedDuringRound = await append(2);
          runner.wake();
        }
      };
      runner.start();
      try {
        const first = await append(1);
        runner.wake();
        expect(await runner.waitForPosition(first.position, 1000)).toBe(true);
        // Well within the 10 s poll, and with nobody waiting for it: the wake during the round made it look again.
        const appliedBy = Date.now() + 1000;
        while ((runner.checkpointOf('counts') ?? 0) < appendedDuringRound!.position && Date.now() < appliedBy)
          await new Promise((resolve) => setTimeout(resolve, 5));
        expect(runner.checkpointOf('counts')).toBe(appendedDuringRound!.position);
      } finally {
        await runner.stop();
      }
    });
  });
});
