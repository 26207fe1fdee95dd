import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../event-store/index.js';
import { FixedClock } from '../kernel/index.js';
import { SqliteCaseSnapshots } from '../runtime/index.js';
import { actorAs, ticketWorkflow } from '../testing/index.js';
import { CaseRepository } from './case-repository.js';
import type { CaseState } from './decider.js';
import { WorkflowEngine } from './workflow-engine.js';
import { WorkflowRegistry } from './workflow-registry.js';

const cs = actorAs('customer_service');
const INTERVAL = 4;

/** What a case state is, without the object identities: two loads of one case must give the same. */
const essence = (state: CaseState | undefined) =>
  state && {
    value: state.snapshot.value,
    context: state.snapshot.context,
    status: state.snapshot.status,
    revision: state.revision,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    latestOccurredAt: state.latestOccurredAt,
    lastHash: state.lastHash,
    commands: [...state.commands].filter(([, command]) => command.revision <= state.revision),
  };

describe('case snapshots', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: Database.Database;
  let snapshots: SqliteCaseSnapshots;
  let engine: WorkflowEngine;
  const registry = new WorkflowRegistry([ticketWorkflow]);
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');
  let caseId: string;
  /** occurredAt of each event, by revision. */
  let times: string[];

  const withSnapshots = (cacheSize = 0) =>
    new CaseRepository(store, registry, cacheSize, { store: snapshots, interval: INTERVAL });
  const withoutSnapshots = () => new CaseRepository(store, registry, 0);
  const storedRevisions = () =>
    readModels
      .prepare('SELECT revision FROM case_snapshots WHERE stream_id = ? ORDER BY revision')
      .pluck()
      .all(`ticket-${caseId}`);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'case-snapshots-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    readModels = new Database(join(dir, 'readmodels.sqlite'));
    snapshots = new SqliteCaseSnapshots(readModels);
    engine = new WorkflowEngine(store, registry, withSnapshots(100), clock);
    // Given a ticket of 10 events (revisions 0–9), one minute apart.
    times = [clock.now().toISOString()];
    caseId = (
      await engine.execute({ caseType: 'ticket', action: 'create', data: { title: 'Noise' }, actor: cs })
    ).caseId;
    for (let note = 1; note < 10; note++) {
      clock.advance(60_000);
      times.push(clock.now().toISOString());
      await engine.execute({
        caseType: 'ticket',
        caseId,
        action: 'note',
        data: {},
        actor: cs,
        commandId: `note-${note}`,
      });
    }
  });
  afterEach(async () => {
    await store.close();
    if (readModels.open) readModels.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are kept after every fourth event of a case, as the engine records them', () => {
    expect(storedRevisions()).toEqual([3, 7]);
  });

  it('let a cold load fold only the events after the latest one, to the same state as a whole replay', async () => {
    const repository = withSnapshots();
    const loaded = await repository.load('ticket', caseId);
    expect(repository.snapshotCounts).toMatchObject({ used: 1, discarded: 0, failed: 0 });
    expect(essence(loaded)).toEqual(essence(await withoutSnapshots().load('ticket', caseId)));
    expect(loaded?.revision).toBe(9);
    expect(loaded?.commands.size).toBe(10);
  });

  it('keep the commands recorded before them: a retried command is answered, not recorded twice', async () => {
    const cold = new WorkflowEngine(store, registry, withSnapshots(), clock);
    const head = await store.headPosition();
    const retried = await cold.execute({
      caseType: 'ticket',
      caseId,
      action: 'note',
      data: {},
      actor: cs,
      commandId: 'note-2',
    });
    expect(retried).toMatchObject({ duplicate: true, revision: 2 });
    expect(await store.headPosition()).toBe(head);
  });

  it('give as-of views that equal a replay of the events that had occurred by then', async () => {
    const moments = [
      ...times,
      ...times.map((time) => new Date(Date.parse(time) + 30_000).toISOString()),
      '2026-03-02T08:00:00.000Z',
    ];
    const repository = withSnapshots();
    for (const moment of moments) {
      const asOf = new Date(moment);
      expect(essence(await repository.loadAsOf('ticket', caseId, asOf))).toEqual(
        essence(await withoutSnapshots().loadAsOf('ticket', caseId, asOf)),
      );
    }
    // From 09:03 (revision 3) on, every view started from a snapshot.
    expect(repository.snapshotCounts.used).toBe(moments.filter((moment) => moment >= times[3]!).length);
  });

  it('are not used, and are dropped, when the event they were taken after no longer has their hash', async () => {
    readModels
      .prepare("UPDATE case_snapshots SET last_hash = 'edited' WHERE stream_id = ? AND revision = 7")
      .run(`ticket-${caseId}`);
    const repository = withSnapshots();
    const loaded = await repository.load('ticket', caseId);
    expect(essence(loaded)).toEqual(essence(await withoutSnapshots().load('ticket', caseId)));
    expect(repository.snapshotCounts).toMatchObject({ used: 0, discarded: 1 });
    // The whole stream was folded again, so the snapshot at 7 is kept anew, right this time.
    expect(storedRevisions()).toEqual([3, 7]);
    expect(await withSnapshots().load('ticket', caseId)).toBeDefined();
  });

  it('are not used when the log is shorter than they are (an event file restored from an older backup)', async () => {
    readModels
      .prepare(
        `INSERT INTO case_snapshots SELECT stream_id, 11, machine_version, last_hash, latest_occurred_ms, state
         FROM case_snapshots WHERE stream_id = ? AND revision = 7`,
      )
      .run(`ticket-${caseId}`);
    const repository = withSnapshots();
    const loaded = await repository.load('ticket', caseId);
    expect(loaded?.revision).toBe(9);
    expect(essence(loaded)).toEqual(essence(await withoutSnapshots().load('ticket', caseId)));
    expect(repository.snapshotCounts.discarded).toBe(1);
    expect(storedRevisions()).toEqual([3, 7]);
  });

  it('are not used when their machine version is no longer registered', async () => {
    readModels.prepare('UPDATE case_snapshots SET machine_version = 99').run();
    const repository = withSnapshots();
    expect(essence(await repository.load('ticket', caseId))).toEqual(
      essence(await withoutSnapshots().load('ticket', caseId)),
    );
    expect(repository.snapshotCounts.used).toBe(0);
  });

  it('are not used by other code under the same machine version (an edited guard, a new upcaster)', async () => {
    const edited = [
      // The same machine with a guard that lets anyone note: a replay would now fold differently.
      {
        ...ticketWorkflow,
        machine: ticketWorkflow.machine.provide({ guards: { byOwnCustomerService: () => true } }),
      },
      {
        ...ticketWorkflow,
        schemaVersions: { TicketNoted: 2 },
        upcasters: { TicketNoted: (data: Record<string, unknown>) => data },
      },
    ];
    for (const definition of edited) {
      const repository = new CaseRepository(store, new WorkflowRegistry([definition]), 0, {
        store: snapshots,
        interval: INTERVAL,
      });
      const loaded = await repository.load('ticket', caseId);
      expect(repository.snapshotCounts).toMatchObject({ used: 0, discarded: 1 });
      expect(loaded?.revision).toBe(9);
    }
    // The edited code's replay kept its own snapshot, which the original code does not use either; its
    // own replay keeps one it then uses.
    const same = withSnapshots();
    await same.load('ticket', caseId);
    expect(same.snapshotCounts).toMatchObject({ used: 0, discarded: 1 });
    const again = withSnapshots();
    await again.load('ticket', caseId);
    expect(again.snapshotCounts).toMatchObject({ used: 1, discarded: 0 });
  });

  it('never fail a command when they cannot be kept', async () => {
    readModels.close();
    const repository = withSnapshots(100);
    const failing = new WorkflowEngine(store, registry, repository, clock);
    for (let note = 0; note < INTERVAL; note++) {
      await failing.execute({ caseType: 'ticket', caseId, action: 'note', data: {}, actor: cs });
    }
    expect((await withoutSnapshots().load('ticket', caseId))?.revision).toBe(9 + INTERVAL);
    expect(repository.snapshotCounts.failed).toBeGreaterThanOrEqual(2);
  });
});
