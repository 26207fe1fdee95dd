import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SqliteEventStore } from '../event-store/index.js';
import { FixedClock, canSee, type Actor } from '../kernel/index.js';
import { EngineRuntime } from '../runtime/index.js';
import { ticketWorkflow } from '../testing/index.js';
import { WorkflowRegistry } from '../workflow-engine/index.js';

/** One case per owner; D001 and D003 are in region R01, D002 in R02. */
const OWNERS = [
  { dealerId: 'D001', regionId: 'R01' },
  { dealerId: 'D002', regionId: 'R02' },
  { dealerId: 'D003', regionId: 'R01' },
] as const;

const callers: Record<string, Actor> = {
  'dealer staff': { id: 'a', roles: ['customer_service'], dealerId: 'D001', regionId: 'R01' },
  'dealer staff without a dealer': { id: 'b', roles: ['customer_service'] },
  'regional OEM staff': { id: 'c', roles: ['oem_claims'], regionId: 'R02' },
  'national OEM staff': { id: 'd', roles: ['oem_claims'] },
  'regional auditor': { id: 'e', roles: ['auditor'], regionId: 'R01' },
  'dealer staff who are also regional OEM staff': {
    id: 'f',
    roles: ['customer_service', 'regional_service_manager'],
    dealerId: 'D002',
    regionId: 'R01',
  },
  'dealer staff who are also a national auditor': {
    id: 'g',
    roles: ['service_manager', 'auditor'],
    dealerId: 'D001',
  },
};

describe('read scope: a list shows exactly the cases a single read lets the caller see', () => {
  let dir: string;
  let runtime: EngineRuntime;
  const ids = new Map<string, (typeof OWNERS)[number]>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-scope-'));
    runtime = new EngineRuntime({
      store: new SqliteEventStore({ path: join(dir, 'events.sqlite') }),
      registry: new WorkflowRegistry([ticketWorkflow]),
      clock: new FixedClock('2026-03-02T09:00:00.000Z'),
      dataDir: dir,
      logger: pino({ level: 'silent' }),
    });
    // Given a case of each dealer, opened by that dealer's customer service.
    for (const owner of OWNERS) {
      const { caseId } = await runtime.engine.execute({
        caseType: 'ticket',
        action: 'create',
        data: { title: owner.dealerId },
        actor: { id: `cs-${owner.dealerId}`, roles: ['customer_service'], ...owner },
      });
      ids.set(caseId, owner);
    }
    await runtime.runner.catchUp();
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const listed = (actor: Actor): string[] =>
    runtime.cases
      .list(actor, { caseType: 'ticket', now: '2026-03-02T10:00:00.000Z', limit: 10 })
      .rows.map((row) => row.case_id)
      .sort();
  const seen = (actor: Actor): string[] =>
    [...ids]
      .filter(([, owner]) => canSee(actor, owner))
      .map(([id]) => id)
      .sort();
  const dealersOf = (caseIds: string[]): string[] => caseIds.map((id) => ids.get(id)!.dealerId).sort();

  it.each(Object.entries(callers))('for %s', (_, actor) => {
    expect(listed(actor)).toEqual(seen(actor));
  });

  it('and a token with several roles sees what any of its roles may act on', () => {
    expect(dealersOf(listed(callers['dealer staff who are also regional OEM staff']!))).toEqual([
      'D001',
      'D002',
      'D003',
    ]);
    expect(dealersOf(listed(callers['dealer staff who are also a national auditor']!))).toEqual([
      'D001',
      'D002',
      'D003',
    ]);
    expect(dealersOf(listed(callers['dealer staff']!))).toEqual(['D001']);
    expect(dealersOf(listed(callers['regional OEM staff']!))).toEqual(['D002']);
    expect(listed(callers['dealer staff without a dealer']!)).toEqual([]);
  });
});
