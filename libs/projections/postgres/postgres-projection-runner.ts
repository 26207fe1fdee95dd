import type pg from 'pg';
import {
  DEFAULT_DUTY_TAKEOVER_MS,
  PostgresAdvisoryDuty,
  migrateEventStore,
  postgresPool,
  type EventStore,
} from '../../event-store/index.js';
import { ProjectionFailedError } from '../projection-runner.js';
import { WakeablePause } from '../../kernel/index.js';
import type { PostgresProjection } from './postgres-projection.js';
import {
  PROJECTION_CHANNEL,
  ProjectionNotifications,
  type CheckpointMoved,
} from './projection-notifications.js';

export interface PostgresProjectionRunnerOptions {
  /** postgres://user@host:port/database: the database the event store uses. */
  readonly connectionString: string;
  /** Events applied per transaction (default 2,000). */
  readonly batchSize?: number;
  /**
   * How often a node looks without being notified (ms, default 1,000): for events when a notification was
   * lost, for a duty another node gave up, and for the checkpoints while someone waits on them.
   */
  readonly pollIntervalMs?: number;
  /** How soon a silent holder's projections move to another node (ms; `PostgresAdvisoryDuty`). */
  readonly takeoverAfterMs?: number;
  /** Connections for batches, checkpoint reads and rebuilds (default 4; duties and the listener have their own). */
  readonly connections?: number;
  readonly onError?: (error: unknown, projection: string | undefined) => void;
}

/** The projection's tables were built by a newer engine than this node's: it leaves them to newer nodes. */
export class ProjectionVersionAheadError extends Error {
  constructor(name: string, stored: number, known: number) {
    super(
      `Projection ${name} is at version ${stored} in the database, newer than this engine's ${known}: ` +
        'a newer node keeps it; this one applies nothing to it.',
    );
  }
}

/** One projection as this node runs it: its duty, and its loop's wake-up and backoff. */
interface Lane {
  readonly projection: PostgresProjection;
  readonly duty: PostgresAdvisoryDuty;
  failures: number;
  readonly pause: WakeablePause;
  loop: Promise<void> | undefined;
}

interface Waiter {
  readonly position: number;
  readonly resolve: (caughtUp: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

interface CheckpointRow {
  name: string;
  version: number;
  position: string;
}

/**
 * Feeds read models kept in the shared PostgreSQL database. Every node runs one, but each projection is
 * applied by one node at a time: the holder of the advisory duty `projection <name>` (another node takes
 * it over within `takeoverAfterMs` when the holder dies or goes silent). Appends wake it through NOTIFY,
 * with a poll as the fallback. Each batch commits the rows and the checkpoint together and notifies the
 * new checkpoint, so any node can wait for a position (read-your-writes) whichever node applied it.
 *
 * Exactly once, even with two appliers: a duty is only believed held, and a holder that was frozen or cut
 * off may resume believing it still holds it after another node took over (or `catchUp` may run beside
 * the holder). Every batch therefore locks its projection's checkpoint row (`SELECT … FOR UPDATE`) first,
 * reads the log after the position it finds there, and moves the position in the same transaction. Two
 * batches of one projection thus run one after the other, the second starting where the first committed:
 * no event is applied twice or skipped, whoever sends them.
 */
export class PostgresProjectionRunner {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly lanes: readonly Lane[];
  private readonly checkpoints = new Map<string, number>();
  private readonly notifications: ProjectionNotifications;
  private waiters: Waiter[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private running = false;

  private constructor(
    private readonly store: EventStore,
    private readonly pool: pg.Pool,
    projections: readonly PostgresProjection[],
    private readonly options: PostgresProjectionRunnerOptions,
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    const takeoverAfterMs = options.takeoverAfterMs ?? DEFAULT_DUTY_TAKEOVER_MS;
    this.lanes = projections.map((projection) => ({
      projection,
      duty: new PostgresAdvisoryDuty(options.connectionString, `projection ${projection.name}`, {
        takeoverAfterMs,
      }),
      failures: 0,
      pause: new WakeablePause(true),
      loop: undefined,
    }));
    this.notifications = new ProjectionNotifications(options.connectionString, {
      onEvents: () => this.wake(),
      onCheckpoint: (moved) => this.checkpointMoved(moved),
    });
  }

  /**
   * Connects, applies the schema this database lacks, and brings every projection to this engine's version
   * (a projection whose tables are older is dropped and rebuilt from 0 by whichever node holds it).
   */
  static async open(
    store: EventStore,
    projections: readonly PostgresProjection[],
    options: PostgresProjectionRunnerOptions,
  ): Promise<PostgresProjectionRunner> {
    const names = new Set<string>();
    for (const projection of projections) {
      if (names.has(projection.name)) throw new Error(`Projection ${projection.name} is registered twice`);
      names.add(projection.name);
    }
    const pool = postgresPool({
      connectionString: options.connectionString,
      max: options.connections ?? 4,
      name: 'engine projections',
      // A node frozen mid-batch holds its checkpoint row's lock: the server ends such a transaction (rolled
      // back, nothing applied) in the time a silent holder's duty takes to move, so the next holder goes on.
      settings: `-c idle_in_transaction_session_timeout=${options.takeoverAfterMs ?? DEFAULT_DUTY_TAKEOVER_MS}`,
    });
    const runner = new PostgresProjectionRunner(store, pool, projections, options);
    try {
      const client = await pool.connect();
      try {
        await migrateEventStore(client);
        for (const projection of projections) {
          await client.query(
            'INSERT INTO projection_checkpoints (name, version, position) VALUES ($1, 0, 0) ON CONFLICT (name) DO NOTHING',
            [projection.name],
          );
        }
      } finally {
        client.release();
      }
      for (const projection of projections) {
        await runner
          .inTransaction(projection, () => Promise.resolve())
          .catch((error: unknown) => {
            if (!(error instanceof ProjectionVersionAheadError)) throw error;
            options.onError?.(error, projection.name);
          });
      }
      await runner.refreshCheckpoints();
      return runner;
    } catch (error) {
      await runner.close();
      throw error;
    }
  }

  /** The lowest position every projection has applied, as this node last heard. */
  get position(): number {
    if (this.lanes.length === 0) return Number.MAX_SAFE_INTEGER;
    return Math.min(...this.lanes.map((lane) => this.checkpoints.get(lane.projection.name) ?? 0));
  }

  checkpointOf(name: string): number | undefined {
    return this.checkpoints.get(name);
  }

  /** Whether this node applies the projection now (holds its duty). */
  holds(name: string): boolean {
    return this.lanes.some((lane) => lane.projection.name === name && lane.duty.holds);
  }

  /** Starts listening, and applying each projection whose duty this node holds or takes. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.notifications.ensure();
    for (const lane of this.lanes) lane.loop = this.run(lane);
  }

  /** Stops applying and gives the duties up, so other nodes take them at once. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all(this.lanes.map((lane) => lane.loop));
    await Promise.all(this.lanes.map((lane) => lane.duty.release()));
  }

  async close(): Promise<void> {
    await this.stop();
    clearInterval(this.refreshTimer);
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters = [];
    await this.notifications.close();
    await this.pool.end().catch(() => undefined);
  }

  /** Something was appended: look now instead of at the next poll. */
  wake(): void {
    for (const lane of this.lanes) lane.pause.wake();
  }

  /**
   * Read-your-writes on any node: resolves true once every projection has applied `position`, whichever
   * node applied it (heard from the checkpoints' notifications, and read from the table at every poll
   * while someone waits), false on timeout.
   */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    const waiting = new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((other) => other !== waiter);
          this.stopRefreshingWhenIdle();
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
    this.refreshWhileWaiting();
    return waiting;
  }

  /**
   * Applies everything stored now to every projection, whether or not this node holds their duties (for
   * the CLI and tests; the checkpoint lock keeps it exactly once beside a holder). Returns the events applied.
   */
  async catchUp(): Promise<number> {
    let applied = 0;
    for (const lane of this.lanes) {
      for (;;) {
        const count = await this.applyNextBatch(lane.projection);
        applied += count;
        if (count === 0) break;
      }
    }
    return applied;
  }

  /** Drops the named projections (all when none is named); their holders replay them from position 0. */
  async rebuild(names?: readonly string[]): Promise<void> {
    const unknown = (names ?? []).filter((name) => !this.lanes.some((lane) => lane.projection.name === name));
    if (unknown.length > 0) throw new Error(`Unknown projection(s): ${unknown.join(', ')}`);
    for (const lane of this.lanes) {
      if (names !== undefined && !names.includes(lane.projection.name)) continue;
      await this.inTransaction(lane.projection, (client) => this.reset(client, lane.projection));
    }
    this.wake();
  }

  private async run(lane: Lane): Promise<void> {
    while (this.running) {
      let applied = 0;
      try {
        if (await lane.duty.claim()) applied = await this.applyNextBatch(lane.projection);
        lane.failures = 0;
      } catch (error) {
        lane.failures += 1;
        // A newer node keeps this projection: let it take the duty.
        if (error instanceof ProjectionFailedError && error.cause instanceof ProjectionVersionAheadError) {
          await lane.duty.release();
        }
        this.options.onError?.(error, lane.projection.name);
      }
      if (applied > 0) continue;
      if (!this.running) return;
      void this.notifications.ensure(); // a listener lost with its connection listens again
      await lane.pause.for(
        lane.failures > 0 ? Math.min(30_000, this.pollIntervalMs * 2 ** lane.failures) : this.pollIntervalMs,
        { backingOff: lane.failures > 0 },
      );
    }
  }

  /** One batch of the projection, from where its checkpoint row says (see the class comment). */
  private async applyNextBatch(projection: PostgresProjection): Promise<number> {
    try {
      return await this.inTransaction(projection, async (client, from) => {
        const page = await this.store.readAll({ after: from, maxCount: this.batchSize });
        if (page.events.length === 0) return 0;
        await projection.prepare?.(page.events);
        await projection.applyBatch(client, page.events);
        const last = page.events[page.events.length - 1]!.position;
        await this.moveCheckpoint(client, { name: projection.name, position: last });
        return page.events.length;
      });
    } catch (error) {
      throw new ProjectionFailedError(projection.name, error);
    }
  }

  /**
   * Runs `work` in a transaction holding the projection's checkpoint row, after bringing its tables to this
   * engine's version, and commits; rolls everything back if anything throws. `work` gets the position the
   * row holds. This node's view of the checkpoint follows what was committed.
   */
  private async inTransaction<T>(
    projection: PostgresProjection,
    work: (client: pg.PoolClient, from: number) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    let moved: CheckpointMoved | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<CheckpointRow>(
        'SELECT name, version, position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
        [projection.name],
      );
      const row = rows[0];
      if (row === undefined) throw new Error(`Projection ${projection.name} has no checkpoint row`);
      if (row.version > projection.version) {
        throw new ProjectionVersionAheadError(projection.name, row.version, projection.version);
      }
      let from = Number(row.position);
      if (row.version < projection.version) {
        await this.reset(client, projection);
        from = 0;
      }
      const result = await work(client, from);
      const { rows: after } = await client.query<CheckpointRow>(
        'SELECT name, version, position FROM projection_checkpoints WHERE name = $1',
        [projection.name],
      );
      await client.query('COMMIT');
      moved = { name: projection.name, position: Number(after[0]!.position) };
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
      if (moved !== undefined) this.checkpointMoved(moved, true);
    }
  }

  /** Drops and recreates the projection's tables and zeroes its checkpoint, in the caller's transaction. */
  private async reset(client: pg.ClientBase, projection: PostgresProjection): Promise<void> {
    await projection.teardown(client);
    await projection.setup(client);
    await client.query('UPDATE projection_checkpoints SET version = $2 WHERE name = $1', [
      projection.name,
      projection.version,
    ]);
    await this.moveCheckpoint(client, { name: projection.name, position: 0, reset: true });
  }

  /** Moves the checkpoint and tells every node, both only if the transaction commits. */
  private async moveCheckpoint(client: pg.ClientBase, moved: CheckpointMoved): Promise<void> {
    await client.query(
      'UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1',
      [moved.name, moved.position],
    );
    await client.query('SELECT pg_notify($1, $2)', [PROJECTION_CHANNEL, JSON.stringify(moved)]);
  }

  /**
   * A checkpoint as committed. A notification from an earlier commit may arrive after a later one was
   * seen: only a reset, or what this node read under the row's lock (`exact`), moves its view back.
   */
  private checkpointMoved(moved: CheckpointMoved, exact = moved.reset === true): void {
    if (!this.lanes.some((lane) => lane.projection.name === moved.name)) return;
    const known = this.checkpoints.get(moved.name);
    if (exact || known === undefined || moved.position > known) {
      this.checkpoints.set(moved.name, moved.position);
    }
    this.settleWaiters();
  }

  /** Reads every checkpoint as committed now (the notifications may have been lost). */
  private async refreshCheckpoints(): Promise<void> {
    const { rows } = await this.pool.query<CheckpointRow>(
      'SELECT name, version, position FROM projection_checkpoints WHERE name = ANY($1::text[])',
      [this.lanes.map((lane) => lane.projection.name)],
    );
    for (const row of rows) this.checkpoints.set(row.name, Number(row.position));
    this.settleWaiters();
  }

  private refreshWhileWaiting(): void {
    void this.notifications.ensure();
    void this.refreshCheckpoints().catch(() => undefined);
    this.refreshTimer ??= setInterval(() => {
      void this.notifications.ensure();
      void this.refreshCheckpoints().catch(() => undefined);
    }, this.pollIntervalMs);
  }

  private stopRefreshingWhenIdle(): void {
    if (this.waiters.length > 0) return;
    clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  private settleWaiters(): void {
    const position = this.position;
    const ready = this.waiters.filter((waiter) => waiter.position <= position);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.position > position);
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(true);
    }
    this.stopRefreshingWhenIdle();
  }
}
