import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../event-store/index.js';
import {
  FixedClock,
  IdempotencyKeyReusedError,
  PreconditionFailedError,
  TransitionNotAllowedError,
  type EventMetadata,
} from '../kernel/index.js';
import { actorAs, ticketWorkflow } from '../testing/index.js';
import { CaseRepository } from './case-repository.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { WorkflowEngine } from './workflow-engine.js';
import { WorkflowRegistry } from './workflow-registry.js';

const cs = actorAs('customer_service');

describe('WorkflowEngine on the SQLite store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let engine: WorkflowEngine;
  let repository: CaseRepository;
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');

  const build = (cacheSize = 100) => {
    const registry = new WorkflowRegistry([ticketWorkflow]);
    repository = new CaseRepository(store, registry, cacheSize);
    engine = new WorkflowEngine(store, registry, repository, clock);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'engine-spec-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    build();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (commandId?: string) =>
    engine.execute({
      caseType: 'ticket',
      action: 'create',
      data: { title: 'Noise' },
      actor: cs,
      ...(commandId ? { commandId } : {}),
    });

  it('records one event per accepted command with the full metadata and a hash chain', async () => {
    const created = await open();
    clock.advance(60_000);
    await engine.execute({
      caseType: 'ticket',
      caseId: created.caseId,
      action: 'note',
      data: {},
      actor: cs,
      correlationId: 'corr-1',
    });
    const events = await store.readStream(`ticket-${created.caseId}`);
    expect(events.map((event) => event.type)).toEqual(['TicketOpened', 'TicketNoted']);
    const [first, second] = events.map((event) => event.metadata as unknown as EventMetadata);
    expect(first).toMatchObject({
      caseType: 'ticket',
      caseId: created.caseId,
      machineVersion: 1,
      actor: cs,
      occurredAt: '2026-03-02T09:00:00.000Z',
      fromState: '(none)',
      toState: 'open',
      prevHash: GENESIS_HASH,
    });
    expect(second).toMatchObject({
      occurredAt: '2026-03-02T09:01:00.000Z',
      correlationId: 'corr-1',
      prevHash: first!.hash,
    });
    for (const event of events)
      expect(eventHash(event)).toBe((event.metadata as unknown as EventMetadata).hash);
  });

  it('mints time-ordered case and event ids at the time of the clock when no idempotency key is given', async () => {
    const created = await open();
    const [event] = await store.readStream(`ticket-${created.caseId}`);
    const timeBits = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(created.caseId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(timeBits(created.caseId)).toBe(clock.now().getTime());
    expect(timeBits(event!.eventId)).toBe(clock.now().getTime());
    const { commandId } = event!.metadata as unknown as EventMetadata;
    expect(timeBits(commandId)).toBe(clock.now().getTime());
  });

  it('appends nothing for a repeated command id and returns the first outcome', async () => {
    const first = await open('key-1');
    const again = await open('key-1');
    // The first outcome, without the state it decided: the case may have moved on since.
    expect(again).toEqual({ ...first, duplicate: true, decided: undefined });
    expect(again.decided).toBeUndefined();
    expect(await store.headPosition()).toBe(1);
  });

  it('answers with the case as it decided it: what folding the stream up to that revision gives', async () => {
    const opened = await open('key-decided');
    expect(opened.decided?.revision).toBe(opened.revision);
    build(0);
    expect(opened.decided).toEqual(await repository.load('ticket', opened.caseId));
  });

  it('still de-duplicates a repeat after the cache forgot the case (a restart)', async () => {
    const first = await open('key-2');
    build(0);
    const again = await open('key-2');
    expect(again.caseId).toBe(first.caseId);
    expect(again.duplicate).toBe(true);
    expect(await store.headPosition()).toBe(1);
  });

  it('refuses a reused command id with a different request', async () => {
    await open('key-3');
    await expect(
      engine.execute({
        caseType: 'ticket',
        action: 'create',
        data: { title: 'Other' },
        actor: cs,
        commandId: 'key-3',
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('fails a stale expected revision with 412 semantics and appends nothing', async () => {
    const created = await open();
    await engine.execute({ caseType: 'ticket', caseId: created.caseId, action: 'note', data: {}, actor: cs });
    await expect(
      engine.execute({
        caseType: 'ticket',
        caseId: created.caseId,
        action: 'note',
        data: {},
        actor: cs,
        expectedRevision: 0,
      }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await store.streamRevision(`ticket-${created.caseId}`)).toBe(1);
  });

  it('re-decides after a conflict with another writer when no revision was expected', async () => {
    const created = await open();
    // A second engine (another process) on the same file moves the case first.
    const registry = new WorkflowRegistry([ticketWorkflow]);
    const otherStore = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    const other = new WorkflowEngine(otherStore, registry, new CaseRepository(otherStore, registry), clock);
    await other.execute({ caseType: 'ticket', caseId: created.caseId, action: 'note', data: {}, actor: cs });
    const outcome = await engine.execute({
      caseType: 'ticket',
      caseId: created.caseId,
      action: 'note',
      data: {},
      actor: cs,
    });
    expect(outcome.revision).toBe(2);
    await otherStore.close();
  });

  describe('when another process wrote after this one cached the case (commands start from the cache)', () => {
    const otherWriter = () => {
      const registry = new WorkflowRegistry([ticketWorkflow]);
      const otherStore = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
      const other = new WorkflowEngine(otherStore, registry, new CaseRepository(otherStore, registry), clock);
      return { other, close: () => otherStore.close() };
    };

    it('accepts If-Match of the revision the store has, not the one this process cached', async () => {
      const created = await open();
      const { other, close } = otherWriter();
      await other.execute({
        caseType: 'ticket',
        caseId: created.caseId,
        action: 'note',
        data: {},
        actor: cs,
      });
      const outcome = await engine.execute({
        caseType: 'ticket',
        caseId: created.caseId,
        action: 'note',
        data: {},
        actor: cs,
        expectedRevision: 1,
      });
      expect(outcome.revision).toBe(2);
      await close();
    });

    it('refuses what the store state no longer allows, and appends nothing', async () => {
      const created = await open();
      const { other, close } = otherWriter();
      await other.execute({
        caseType: 'ticket',
        caseId: created.caseId,
        action: 'finish',
        data: {},
        actor: cs,
      });
      await expect(
        engine.execute({ caseType: 'ticket', caseId: created.caseId, action: 'note', data: {}, actor: cs }),
      ).rejects.toBeInstanceOf(TransitionNotAllowedError);
      expect(await store.streamRevision(`ticket-${created.caseId}`)).toBe(1);
      await close();
    });

    it('answers a command the other process already recorded with its first outcome', async () => {
      const created = await open();
      const { other, close } = otherWriter();
      const first = await other.execute({
        caseType: 'ticket',
        caseId: created.caseId,
        action: 'note',
        data: {},
        actor: cs,
        commandId: 'note-once',
      });
      const again = await engine.execute({
        caseType: 'ticket',
        caseId: created.caseId,
        action: 'note',
        data: {},
        actor: cs,
        commandId: 'note-once',
        expectedRevision: 0,
      });
      // The first outcome, without the state it decided: the case may have moved on since.
      expect(again).toEqual({ ...first, duplicate: true, decided: undefined });
      expect(again.decided).toBeUndefined();
      expect(await store.streamRevision(`ticket-${created.caseId}`)).toBe(1);
      await close();
    });

    it('still fails If-Match that is stale against the store with 412 semantics', async () => {
      const created = await open();
      const { other, close } = otherWriter();
      await other.execute({
        caseType: 'ticket',
        caseId: created.caseId,
        action: 'note',
        data: {},
        actor: cs,
      });
      await expect(
        engine.execute({
          caseType: 'ticket',
          caseId: created.caseId,
          action: 'note',
          data: {},
          actor: cs,
          expectedRevision: 0,
        }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await store.streamRevision(`ticket-${created.caseId}`)).toBe(1);
      await close();
    });
  });

  it('decides concurrent conflicting commands one after the other: exactly one finish', async () => {
    const created = await open();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        engine.execute({ caseType: 'ticket', caseId: created.caseId, action: 'finish', data: {}, actor: cs }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((result) => result.status === 'rejected') as PromiseRejectedResult[];
    expect(refused).toHaveLength(4);
    for (const result of refused) expect(result.reason).toBeInstanceOf(TransitionNotAllowedError);
    expect(await store.streamRevision(`ticket-${created.caseId}`)).toBe(1);
  });

  it('pins the machine version of the first event for the life of the case', async () => {
    const created = await open();
    const v2 = { ...ticketWorkflow, version: 2 };
    const registry = new WorkflowRegistry([ticketWorkflow, v2]);
    const upgraded = new WorkflowEngine(store, registry, new CaseRepository(store, registry), clock);
    await upgraded.execute({
      caseType: 'ticket',
      caseId: created.caseId,
      action: 'note',
      data: {},
      actor: cs,
    });
    const fresh = await upgraded.execute({
      caseType: 'ticket',
      action: 'create',
      data: { title: 'New' },
      actor: cs,
    });
    const versionOf = async (id: string) =>
      (await store.readStream(`ticket-${id}`)).map(
        (event) => (event.metadata as unknown as EventMetadata).machineVersion,
      );
    expect(await versionOf(created.caseId)).toEqual([1, 1]);
    expect(await versionOf(fresh.caseId)).toEqual([2]);
  });
});
