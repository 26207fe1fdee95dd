import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../event-store/index.js';
import {
  FixedClock,
  IdempotencyKeyReusedError,
  PersonalDataErasedError,
  type EventMetadata,
  type WorkflowDefinition,
} from '../kernel/index.js';
import { PersonalDataVault } from '../personal-data/index.js';
import { actorAs, ticketWorkflow } from '../testing/index.js';
import { CaseRepository } from './case-repository.js';
import { commandFingerprint } from './hash-chain.js';
import { legacyFingerprints } from './legacy-fingerprints.js';
import { WorkflowEngine } from './workflow-engine.js';
import { WorkflowRegistry } from './workflow-registry.js';

const cs = actorAs('customer_service');
/** The ticket workflow with a customer on its create, declared as personal data. */
const ticketWithCustomer: WorkflowDefinition = {
  ...ticketWorkflow,
  create: { ...ticketWorkflow.create, personalData: ['customer.name', 'customer.phone'] },
} as WorkflowDefinition;
const request = (phone = '13922222222') => ({
  title: 'Noise',
  customer: { name: '王建国', phone },
});

describe('request fingerprints: nothing derived from personal data without the case key', () => {
  let dir: string;
  let store: SqliteEventStore;
  let vault: PersonalDataVault;
  let engine: WorkflowEngine;
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fingerprint-spec-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    vault = new PersonalDataVault(join(dir, 'personal-data.sqlite'));
    const registry = new WorkflowRegistry([ticketWithCustomer]);
    engine = new WorkflowEngine(store, registry, new CaseRepository(store, registry, 100), clock, { vault });
  });
  afterEach(async () => {
    await store.close();
    vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = (data: Record<string, unknown>, commandId = 'wang.cs:key-1') =>
    engine.execute({ caseType: 'ticket', action: 'create', data, actor: cs, commandId });

  it('given a recorded create, a dictionary of the masked list’s candidates does not find the phone', async () => {
    const created = await create(request());
    const [event] = await store.readStream(`ticket-${created.caseId}`);
    const stored = (event!.metadata as unknown as EventMetadata).commandHash;
    // What an attacker with the masked list (139****2222, 王**) would try: every filling of the stars.
    const guesses = Array.from({ length: 10_000 }, (_, n) => `139${String(n).padStart(4, '0')}2222`);
    const found = guesses.find(
      (phone) =>
        commandFingerprint({
          caseType: 'ticket',
          caseId: null,
          action: 'create',
          data: request(phone),
          actor: cs.id,
        }) === stored,
    );
    expect(found).toBeUndefined();
    expect(guesses).toContain('13922222222');
  });

  it('when the same key comes with the same body, answers it as a repeat; with another body, as a key reuse', async () => {
    const first = await create(request());
    expect(await create(request())).toMatchObject({ caseId: first.caseId, duplicate: true });
    await expect(create(request('13900000000'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('after the erasure, refuses a repeat of a command that carried personal data, clearly', async () => {
    const first = await create(request());
    vault.erase(first.caseId);
    await expect(create(request())).rejects.toBeInstanceOf(PersonalDataErasedError);
    expect(await store.readStream(`ticket-${first.caseId}`)).toHaveLength(1);
  });

  it('still recognises the repeat of a command recorded with an unkeyed fingerprint before the change', async () => {
    const first = await create(request());
    const unkeyed = commandFingerprint({
      caseType: 'ticket',
      caseId: null,
      action: 'create',
      data: request(),
      actor: cs.id,
    });
    const repository = (engine as unknown as { repository: CaseRepository }).repository;
    const state = await repository.load('ticket', first.caseId);
    const recorded = state!.commands.get('wang.cs:key-1')!;
    repository.remember({
      ...state!,
      commands: state!.commands.with('wang.cs:key-1', { ...recorded, commandHash: unkeyed }),
    });
    expect(await create(request())).toMatchObject({ caseId: first.caseId, duplicate: true });
  });

  it('lists the events whose fingerprint was recorded unkeyed, and which of them belong to erased cases', async () => {
    const registry = new WorkflowRegistry([ticketWithCustomer]);
    const before = new WorkflowEngine(store, registry, new CaseRepository(store, registry, 100), clock);
    const legacy = await before.execute({ caseType: 'ticket', action: 'create', data: request(), actor: cs });
    const keyed = await create(request());
    await engine.execute({ caseType: 'ticket', caseId: keyed.caseId, action: 'note', data: {}, actor: cs });
    vault.erase(legacy.caseId);
    const listed = [];
    for await (const found of legacyFingerprints(store, registry, vault)) listed.push(found);
    expect(listed).toEqual([
      expect.objectContaining({ caseId: legacy.caseId, revision: 0, erased: true, caseType: 'ticket' }),
    ]);
  });
});
