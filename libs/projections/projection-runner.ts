import type Database from 'better-sqlite3';
import type { EventStore } from '../event-store/index.js';
import { WakeablePause } from '../kernel/index.js';
import type { Projection } from './projection.js';
import { forgetPrepared, prepared } from './statement-cache.js';

export interface ProjectionRunnerOptions {
  /** Events applied per transaction while following the log (default 2,000). */
  readonly batchSize?: number;
  /**
   * Events applied per transaction by `catchUp` and `rebuild` (default 20,000): ten times fewer commits
   * made a rebuild of every read model ≈ 1.6× as fast as pages of 2,000 (docs/performance.md), at the
   * price of one page of parsed events in memory (≈ 60 MB at the default). Nothing waits on a catch-up
   * page, so its size delays nobody.
   */
  readonly catchUpBatchSize?: number;
  /** How often to look for events written by another process or node (ms). */
  readonly pollIntervalMs?: number;
  /**
   * After an append wakes it, how long the runner lets further appends gather before its round (default
   * 5 ms), so commands close together share one transaction. A reader waiting for a position
   * (`waitForPosition`) ends the gathering at once, so nobody waits for it; 0 applies every wake at once.
   */
  readonly gatherMs?: number;
  readonly onError?: (error: unknown, projection: string | undefined) => void;
}

/** A projection threw; its batch was rolled back and is retried with backoff. */
export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: string | undefined,
    override readonly cause: unknown,
  ) {
    super(
      `Projection ${projection ?? '?'} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

interface Waiter {
  readonly position: number;
  readonly resolve: (caughtUp: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

const CHECKPOINTS = `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  position INTEGER NOT NULL
)`;

/**
 * Feeds read models from the global log. Each batch of events is applied to every projection that has not
 * seen it yet and the checkpoints move in the same SQLite transaction, so a crash neither skips nor
 * repeats an event. A projection whose version changed is dropped and rebuilt from position 0.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly pollIntervalMs: number;
  private readonly checkpoints = new Map<string, number>();
  private waiters: Waiter[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly pause = new WakeablePause();
  private failures = 0;
  /** An append woke the runner since its last round began (during the round, or after it). */
  private appended = false;
  /** The runner is waiting for appends to gather before its round: appends do not cut that wait short. */
  private gathering = false;
  private readonly gatherMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.catchUpBatchSize = options.catchUpBatchSize ?? 20_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.gatherMs = options.gatherMs ?? 5;
    const names = new Set<string>();
    for (const projection of projections) {
      if (names.has(projection.name)) throw new Error(`Projection ${projection.name} is registered twice`);
      names.add(projection.name);
    }
    this.prepare();
  }

  /** The lowest position every projection has applied. */
  get position(): number {
    return this.projections.length === 0 ? Number.MAX_SAFE_INTEGER : Math.min(...this.checkpoints.values());
  }

  checkpointOf(name: string): number | undefined {
    return this.checkpoints.get(name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.pause.wake();
    await this.loop;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters = [];
  }

  /** Something was appended: look now instead of at the next poll (or again after the round under way). */
  wake(): void {
    this.appended = true;
    if (!this.gathering) this.pause.wake();
  }

  /** Read-your-writes: resolves true once every projection has applied `position`, false on timeout. */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    // A sleeping runner looks now; after a round under way, one that left a waiter looks again.
    this.pause.wake();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((other) => other !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Applies everything stored now, then returns (for the CLI, tests and benchmarks). */
  async catchUp(): Promise<number> {
    let applied = 0;
    for (;;) {
      const count = await this.applyNextBatch(this.catchUpBatchSize);
      applied += count;
      if (count === 0) return applied;
    }
  }

  /** Drops the named projections (all when none is named) and replays them from position 0. */
  async rebuild(names?: readonly string[]): Promise<number> {
    const wasRunning = this.running;
    if (wasRunning) await this.stop();
    const chosen = this.projections.filter(
      (projection) => names === undefined || names.includes(projection.name),
    );
    const unknown = (names ?? []).filter(
      (name) => !this.projections.some((projection) => projection.name === name),
    );
    if (unknown.length > 0) throw new Error(`Unknown projection(s): ${unknown.join(', ')}`);
    this.db.transaction(() => {
      for (const projection of chosen) this.reset(projection);
    })();
    const applied = await this.catchUp();
    if (wasRunning) this.start();
    return applied;
  }

  private prepare(): void {
    this.db.exec(CHECKPOINTS);
    const read = this.db.prepare<[string], { version: number; position: number }>(
      'SELECT version, position FROM projection_checkpoints WHERE name = ?',
    );
    this.db.transaction(() => {
      for (const projection of this.projections) {
        const stored = read.get(projection.name);
        if (stored === undefined || stored.version !== projection.version) {
          this.reset(projection);
        } else {
          projection.setup(this.db);
          this.checkpoints.set(projection.name, stored.position);
        }
      }
    })();
  }

  private reset(projection: Projection): void {
    projection.teardown(this.db);
    forgetPrepared(this.db);
    projection.setup(this.db);
    this.db
      .prepare(
        `INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, 0)
         ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = 0`,
      )
      .run(projection.name, projection.version);
    this.checkpoints.set(projection.name, 0);
  }

  private async run(): Promise<void> {
    let backlog = false;
    while (this.running) {
      // A full page is a backlog: the next one is already there to apply, without gathering.
      if (this.appended && !backlog && this.gatherMs > 0 && this.waiters.length === 0) {
        this.gathering = true;
        await this.pause.for(this.gatherMs);
        this.gathering = false;
        if (!this.running) return;
      }
      backlog = false;
      this.appended = false;
      try {
        const applied = await this.applyNextBatch();
        this.failures = 0;
        backlog = applied === this.batchSize;
        // Look again at once only if there may be more: a full page, an append during the round, or a
        // waiter still waiting after events were found. A short page was the log's end when read (or the
        // end of what this process just committed); looking again would mostly find nothing, and each
        // look costs a read of the file. Another process's events are found at the next poll.
        if (applied === this.batchSize || this.appended || (applied > 0 && this.waiters.length > 0)) continue;
      } catch (error) {
        this.failures += 1;
        this.options.onError?.(error, error instanceof ProjectionFailedError ? error.projection : undefined);
      }
      if (!this.running) return;
      await this.pause.for(
        this.failures > 0 ? Math.min(30_000, this.pollIntervalMs * 2 ** this.failures) : this.pollIntervalMs,
        { backingOff: this.failures > 0 },
      );
    }
  }

  private async applyNextBatch(maxCount = this.batchSize): Promise<number> {
    const from = this.position;
    const page = await this.store.readAll({ after: from, maxCount, following: true });
    if (page.events.length === 0) return 0;
    const update = prepared(this.db, 'UPDATE projection_checkpoints SET position = ? WHERE name = ?');
    const last = page.events[page.events.length - 1]!.position;
    let current: string | undefined;
    try {
      for (const projection of this.projections) {
        current = projection.name;
        await projection.prepare?.(page.events);
      }
      this.db.transaction(() => {
        for (const projection of this.projections) {
          current = projection.name;
          const seen = this.checkpoints.get(projection.name) ?? 0;
          const unseen =
            page.events[0]!.position > seen ? page.events : page.events.filter((e) => e.position > seen);
          if (projection.applyBatch !== undefined) projection.applyBatch(this.db, unseen);
          else for (const event of unseen) projection.apply(this.db, event);
          update.run(last, projection.name);
        }
      })();
    } catch (error) {
      throw new ProjectionFailedError(current, error);
    }
    for (const projection of this.projections) this.checkpoints.set(projection.name, last);
    this.settleWaiters();
    return page.events.length;
  }

  private settleWaiters(): void {
    const position = this.position;
    const [ready, waiting] = [
      this.waiters.filter((waiter) => waiter.position <= position),
      this.waiters.filter((waiter) => waiter.position > position),
    ];
    this.waiters = waiting;
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(true);
    }
  }
}
