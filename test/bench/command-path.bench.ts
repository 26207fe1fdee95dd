import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SqliteEventStore } from '../../libs/event-store/sqlite/sqlite-event-store.js';
import { FixedClock, type Actor } from '../../libs/kernel/index.js';
import { CasesProjection } from '../../libs/projections/cases.projection.js';
import { ProjectionRunner } from '../../libs/projections/projection-runner.js';
import { EngineRuntime, openReadModels } from '../../libs/runtime/engine-runtime.js';
import { ticketWorkflow } from '../../libs/testing/ticket.workflow.js';
import { fold, WorkflowRegistry } from '../../libs/workflow-engine/index.js';
import { percentile, type Row } from './bench-row.js';

const actor: Actor = { id: 'bench', roles: ['customer_service'], dealerId: 'D001', regionId: 'R01' };

/** The full command path (load, decide, hash, durable append) with the trivial ticket workflow. */
export async function benchCommandPath(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-engine-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous: 'FULL' });
  const registry = new WorkflowRegistry([ticketWorkflow]);
  const runtime = new EngineRuntime({
    store,
    registry,
    clock: new FixedClock(),
    dataDir: dir,
    logger: pino({ level: 'silent' }),
  });
  const rows: Row[] = [];
  try {
    // Sequential: one durable commit per command (fsync-bound).
    const sequential = 2000;
    let started = performance.now();
    const ids: string[] = [];
    for (let index = 0; index < sequential; index++) {
      const outcome = await runtime.engine.execute({
        caseType: 'ticket',
        action: 'create',
        data: { title: `t${index}` },
        actor,
      });
      ids.push(outcome.caseId);
    }
    rows.push({
      name: 'command path, sequential creates',
      value: sequential / ((performance.now() - started) / 1000),
      unit: 'commands/s',
      note: 'one fsync each (synchronous=FULL)',
    });

    // Concurrent commands on different cases (64 in flight).
    const concurrent = 4000;
    started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < concurrent) {
          const id = ids[next++ % ids.length]!;
          await runtime.engine.execute({ caseType: 'ticket', caseId: id, action: 'note', data: {}, actor });
        }
      }),
    );
    rows.push({
      name: 'command path, 64 concurrent cases',
      value: concurrent / ((performance.now() - started) / 1000),
      unit: 'commands/s',
      note: 'hot-state cache, one append per command',
    });

    // Replay of a 100-event stream through the pure machine (no cache).
    const longId = ids[0]!;
    for (let index = 0; index < 99; index++) {
      await runtime.engine.execute({ caseType: 'ticket', caseId: longId, action: 'note', data: {}, actor });
    }
    const events = await store.readStream(`ticket-${longId}`);
    const samples: number[] = [];
    for (let round = 0; round < 300; round++) {
      const t = performance.now();
      fold(ticketWorkflow, events);
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    rows.push({
      name: `replay ${events.length} events (fold only)`,
      value: percentile(samples, 50),
      unit: 'ms p50',
      note: `p99 ${percentile(samples, 99).toFixed(3)} ms`,
    });
    const readSamples: number[] = [];
    for (let round = 0; round < 300; round++) {
      const t = performance.now();
      fold(ticketWorkflow, await store.readStream(`ticket-${longId}`));
      readSamples.push(performance.now() - t);
    }
    readSamples.sort((a, b) => a - b);
    rows.push({
      name: `read + replay ${events.length} events`,
      value: percentile(readSamples, 50),
      unit: 'ms p50',
      note: `p99 ${percentile(readSamples, 99).toFixed(3)} ms`,
    });

    // Projection catch-up from zero into a fresh read-model database.
    const head = await store.headPosition();
    const db = openReadModels(join(dir, 'rebuild'));
    const runner = new ProjectionRunner(store, db, [new CasesProjection(registry)], { batchSize: 5000 });
    started = performance.now();
    const applied = await runner.catchUp();
    rows.push({
      name: 'projection catch-up (case list)',
      value: applied / ((performance.now() - started) / 1000),
      unit: 'events/s',
      note: `${head} events, fold + upsert + actionable roles`,
    });
    db.close();
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
