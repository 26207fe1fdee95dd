import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { registeredWorkflowRegistry } from '../fixtures/registered-workflow-registry.js';
import { SqliteEventStore } from '../../libs/event-store/sqlite/sqlite-event-store.js';
import {
  eventIdFor,
  systemClock,
  timeOrderedId,
  type EventMetadata,
  type NewEvent,
} from '../../libs/kernel/index.js';
import { AuditIndexProjection } from '../../libs/projections/audit-index.projection.js';
import { CasesProjection } from '../../libs/projections/cases.projection.js';
import { ProjectionRunner } from '../../libs/projections/projection-runner.js';
import { EngineRuntime, openReadModels } from '../../libs/runtime/engine-runtime.js';
import { DeadlineProjection, deadlinePolicyOf } from '../../libs/sla/index.js';
import { complaintModule } from '../../workflows/complaint/index.js';
import { ticketWorkflow } from '../../libs/testing/ticket.workflow.js';
import { SqliteCaseSnapshots } from '../../libs/runtime/sqlite-case-snapshots.js';
import { WalCheckpointer } from '../../libs/runtime/wal-checkpointer.js';
import { CaseRepository, fold, streamIdOf } from '../../libs/workflow-engine/index.js';
import { percentile } from './bench-row.js';
import { complaintActors, complaintWorkload } from './complaint-workload.js';

/**
 * The scale figures, in a process of their own so its RSS is only this: a store of `--cases` complaints
 * (default 1,000,000, one event each, ids as the engine mints them, written through group commit) plus 100 tickets of 100 events each;
 * disk per event; cold replay, cold load (from a case snapshot) and as-of of a 100-event case; RSS with `--hot` cases folded in the cache;
 * a bare read of the whole log and a rebuild of every read model (case list, audit index, SLA deadlines) from it.
 * Prints one JSON line. Run with --expose-gc.
 */
const argument = (flag: string, fallback: number): number => {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const CASES = argument('--cases', 1_000_000);
const HOT = argument('--hot', 100_000);
const LONG_CASES = 100;
const LONG_EVENTS = 100;
/** Cases replayed before measuring, so the figures are a running server's and not the JIT's first calls. */
const WARM_UP_CASES = 20;
const MiB = 1024 * 1024;

function rssMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / MiB;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous: 'FULL' });
  const registry = registeredWorkflowRegistry();
  registry.register(ticketWorkflow);
  const runtime = new EngineRuntime({
    store,
    registry,
    clock: systemClock,
    dataDir: dir,
    caseCacheSize: 16,
    logger: pino({ level: 'silent' }),
  });
  const report: Record<string, unknown> = { cases: CASES, hot: HOT };
  try {
    // One real complaint through the engine: the template every generated case copies.
    const intake = complaintWorkload[0]!;
    const seeded = await runtime.engine.execute({
      caseType: 'complaint',
      action: 'create',
      data: intake.data,
      actor: complaintActors.customerService,
    });
    const [template] = await store.readStream(`complaint-${seeded.caseId}`);
    let written = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 256 }, async () => {
        while (written < CASES) {
          written += 1;
          // Ids as the engine mints them for a create without an idempotency key (time-ordered).
          const now = new Date();
          const caseId = timeOrderedId(now);
          const commandId = timeOrderedId(now);
          const streamId = streamIdOf('complaint', caseId);
          const event: NewEvent = {
            eventId: eventIdFor(streamId, commandId),
            type: template!.type,
            data: { ...(template!.data as object), caseId },
            metadata: { ...template!.metadata, caseId, commandId },
          };
          await store.append(streamId, [event], 'no_stream');
        }
      }),
    );
    report.generateEventsPerSecond = CASES / ((performance.now() - started) / 1000);

    const actor = { id: 'bench', roles: ['customer_service' as const], dealerId: 'D001', regionId: 'R01' };
    const longIds: string[] = [];
    for (let n = 0; n < LONG_CASES + WARM_UP_CASES; n++) {
      const created = await runtime.engine.execute({
        caseType: 'ticket',
        action: 'create',
        data: { title: `t${n}` },
        actor,
      });
      longIds.push(created.caseId);
    }
    await Promise.all(
      longIds.map(async (caseId) => {
        for (let n = 1; n < LONG_EVENTS; n++) {
          await runtime.engine.execute({ caseType: 'ticket', caseId, action: 'note', data: {}, actor });
        }
      }),
    );
    const events = await store.headPosition();
    report.events = events;
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    report.bytesPerEvent = statSync(join(dir, 'events.sqlite')).size / events;

    // Cold: nothing cached in the process. Three ways to a 100-event case: the whole stream read and folded
    // through the machine (a replay); a cold load as the engine does it, from the latest case snapshot
    // (after every 32 events, kept as the engine recorded the case) plus the events after it; and as-of
    // views at the time of one of its events, with and without snapshots. The warm-up runs the same on
    // other cases than the measured ones, so their pages are not cached by it.
    const warmUpIds = longIds.splice(LONG_CASES);
    const snapshots = new SqliteCaseSnapshots(runtime.readModels);
    const cold = new CaseRepository(store, registry, 0, { store: snapshots, interval: 32 });
    const coldWithoutSnapshots = new CaseRepository(store, registry, 0);
    const eventTimes = new Map<string, Date[]>();
    for (const caseId of [...longIds, ...warmUpIds]) {
      const events = await store.readStream(`ticket-${caseId}`);
      eventTimes.set(
        caseId,
        events.map((event) => new Date((event.metadata as unknown as EventMetadata).occurredAt)),
      );
    }
    const measured = {
      replay: [] as number[],
      load: [] as number[],
      asOf: [] as number[],
      asOfReplay: [] as number[],
    };
    const coldReads = async (caseId: string, round: number, record: boolean): Promise<void> => {
      const moment = eventTimes.get(caseId)![(round * 13) % LONG_EVENTS]!;
      const reads: [keyof typeof measured, () => Promise<unknown>][] = [
        ['replay', async () => fold(ticketWorkflow, await store.readStream(`ticket-${caseId}`))],
        ['load', () => cold.load('ticket', caseId)],
        ['asOf', () => cold.loadAsOf('ticket', caseId, moment)],
        ['asOfReplay', () => coldWithoutSnapshots.loadAsOf('ticket', caseId, moment)],
      ];
      for (const [name, read] of reads) {
        const t = performance.now();
        await read();
        if (record) measured[name].push(performance.now() - t);
      }
    };
    for (let round = 0; round < 500; round++)
      await coldReads(warmUpIds[round % WARM_UP_CASES]!, round, false);
    for (let round = 0; round < 2000; round++)
      await coldReads(longIds[(round * 37) % LONG_CASES]!, round, true);
    const figures = (samples: number[]) => {
      samples.sort((a, b) => a - b);
      return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99) };
    };
    report.replay100 = figures(measured.replay);
    report.load100 = figures(measured.load);
    report.asOf100 = figures(measured.asOf);
    report.asOf100Replay = figures(measured.asOfReplay);
    report.snapshotsUsed = cold.snapshotCounts.used;

    // RSS with HOT cases folded and held by the case cache (what a busy API node keeps).
    report.rssBeforeHotMiB = rssMiB();
    const repository = new CaseRepository(store, registry, HOT);
    const hotStarted = performance.now();
    // The ids come from the store, as a server's would: an array of a million ids held by this process
    // would be counted in its RSS, and no engine process keeps one.
    for (const streamId of store.db
      .prepare<[number], string>(
        "SELECT stream_id FROM streams WHERE stream_id >= 'complaint-' AND stream_id < 'complaint.' LIMIT ?",
      )
      .pluck()
      .all(HOT)) {
      await repository.load('complaint', streamId.slice('complaint-'.length));
    }
    report.hotLoadPerSecond = HOT / ((performance.now() - hotStarted) / 1000);
    report.rssHotMiB = rssMiB();

    // The rebuild's limit: the whole log read and parsed in the rebuild's pages, nothing applied.
    const readStarted = performance.now();
    let read = 0;
    for (let after = 0, end = false; !end;) {
      const page = await store.readAll({ after, maxCount: 20_000 });
      read += page.events.length;
      after = page.lastPosition;
      end = page.isEnd || page.events.length === 0;
    }
    report.logReadEventsPerSecond = read / ((performance.now() - readStarted) / 1000);

    // Rebuild every read model from the whole log into a fresh database, with its WAL checkpointed by a
    // thread as the engine's runtime does it (startup catch-up, `projections rebuild`).
    const rebuildDb = openReadModels(join(dir, 'rebuild'));
    const checkpointer = new WalCheckpointer([rebuildDb], { intervalMs: 500 });
    const projections = () => [
      new CasesProjection(registry),
      new AuditIndexProjection(),
      new DeadlineProjection(deadlinePolicyOf([complaintModule])),
    ];
    const runner = new ProjectionRunner(store, rebuildDb, projections());
    const rebuildStarted = performance.now();
    const applied = await runner.catchUp();
    report.rebuildEventsPerSecond = applied / ((performance.now() - rebuildStarted) / 1000);
    await checkpointer.close();

    // The rebuild's floor in SQLite: the rows it wrote, inserted again into fresh tables of the same
    // schema by prepared statements, with no log read, no fold and no row building.
    const again = openReadModels(join(dir, 'rows-again'));
    for (const projection of projections()) projection.setup(again);
    const againCheckpointer = new WalCheckpointer([again], { intervalMs: 500 });
    const rows = insertAgain(rebuildDb, again);
    report.rebuildRowsPerEvent = rows.rows / applied;
    report.rebuildRowsAgainEventsPerSecond = applied / (rows.milliseconds / 1000);
    await againCheckpointer.close();
    again.close();
    rebuildDb.close();
    console.log(JSON.stringify(report));
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Copies every row of the tables `target` has from `source`, table by table in the order they were
 * written, one prepared insert per row and a transaction per 20,000 rows; says how many rows and how long.
 */
function insertAgain(
  source: Database.Database,
  target: Database.Database,
): { rows: number; milliseconds: number } {
  const tables = target
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all();
  let rows = 0;
  let milliseconds = 0;
  for (const table of tables) {
    const columns = target
      .prepare<[], string>(`SELECT name FROM pragma_table_info('${table}')`)
      .pluck()
      .all();
    const insert = target.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    const insertAll = target.transaction((batch: unknown[][]) => {
      for (const row of batch) insert.run(row);
    });
    const read = source.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).raw();
    let batch: unknown[][] = [];
    const flush = () => {
      const started = performance.now();
      insertAll(batch);
      milliseconds += performance.now() - started;
      rows += batch.length;
      batch = [];
    };
    for (const row of read.iterate()) {
      batch.push(row as unknown[]);
      if (batch.length === 20_000) flush();
    }
    if (batch.length > 0) flush();
  }
  return { rows, milliseconds };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
