import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../event-store/index.js';
import { FixedClock, type RecordedEvent, type WorkflowDefinition } from '../kernel/index.js';
import { ERASED, PersonalDataVault } from '../personal-data/index.js';
import { actorAs, ticketWorkflow } from '../testing/index.js';
import { CaseRepository } from './case-repository.js';
import { eventHash } from './hash-chain.js';
import {
  ERASURE_RECORD,
  PersonalDataAlreadyErasedError,
  PersonalDataEraser,
  erasureStreamOf,
} from './personal-data-erasure.js';
import { verifyStore } from './store-verification.js';
import { verifyCase } from './verification.js';
import { WorkflowEngine } from './workflow-engine.js';
import { WorkflowRegistry } from './workflow-registry.js';

const cs = actorAs('customer_service');
const officer = { id: 'privacy.li', roles: ['privacy_officer' as const] };
const ticketWithCustomer = {
  ...ticketWorkflow,
  create: { ...ticketWorkflow.create, personalData: ['customer.phone'] },
} as WorkflowDefinition;

describe('personal-data erasure: a record of who and why, then the key destroyed', () => {
  let dir: string;
  let store: SqliteEventStore;
  let vault: PersonalDataVault;
  let engine: WorkflowEngine;
  let eraser: PersonalDataEraser;
  const registry = new WorkflowRegistry([ticketWithCustomer]);
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'erasure-spec-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    vault = new PersonalDataVault(join(dir, 'personal-data.sqlite'));
    const repository = new CaseRepository(store, registry, 100);
    engine = new WorkflowEngine(store, registry, repository, clock, { vault });
    eraser = new PersonalDataEraser(store, registry, repository, vault, clock);
  });
  afterEach(async () => {
    await store.close();
    vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = () =>
    engine.execute({
      caseType: 'ticket',
      action: 'create',
      data: { title: 'Noise', customer: { phone: '13800138000' } },
      actor: cs,
    });

  it('given a case, when erased, records one hash-chained event beside the case and destroys the key', async () => {
    const { caseId } = await open();
    const [created] = await store.readStream(`ticket-${caseId}`);
    const record = await eraser.erase({ caseId, actor: officer, reason: 'customer request' });
    expect(record).toMatchObject({ caseType: 'ticket', caseId, erasedBy: { id: 'privacy.li' } });
    expect(vault.openAll(created!.data)).toMatchObject({ customer: { phone: ERASED } });
    const stream = await store.readStream(erasureStreamOf(caseId));
    expect(verifyCase(registry, stream)).toEqual({ ok: true, events: 1, problems: [] });
    expect(verifyCase(registry, await store.readStream(`ticket-${caseId}`)).ok).toBe(true);
    const walk = verifyStore(store, registry);
    let next = await walk.next();
    while (!next.done) next = await walk.next();
    expect(next.value).toEqual({ cases: 2, events: 2, casesWithProblems: 0 });
    await expect(eraser.erase({ caseId, actor: officer, reason: 'again' })).rejects.toBeInstanceOf(
      PersonalDataAlreadyErasedError,
    );
  });

  it('does not let a case’s stream pass as an erasure record to escape re-decision', async () => {
    const { caseId } = await open();
    const [created] = await store.readStream(`ticket-${caseId}`);
    const { hash: _hash, ...metadata } = created!.metadata as Record<string, unknown>;
    const relabelled = { ...metadata, caseType: ERASURE_RECORD };
    const forged: RecordedEvent = {
      ...created!,
      metadata: { ...relabelled, hash: eventHash({ ...created!, metadata: relabelled }) },
    };
    expect(verifyCase(registry, [forged]).ok).toBe(false);
  });
});
