import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../event-store/index.js';
import {
  FixedClock,
  ForbiddenError,
  RefusedByRuleError,
  ValidationFailedError,
  type WorkflowDefinition,
} from '../kernel/index.js';
import { OTHER_DEALER, actorAs, ticketWorkflow, type TicketContext } from '../testing/index.js';
import { CaseRepository } from './case-repository.js';
import { verifyCase } from './verification.js';
import { WorkflowEngine } from './workflow-engine.js';
import { WorkflowRegistry } from './workflow-registry.js';

/**
 * A ticket that follows up another ticket: the reference declares that the field is required and what the
 * check may know of the named ticket (its notes and state), and the check refuses a ticket without notes.
 */
const followUpTicket: WorkflowDefinition<TicketContext> = {
  ...ticketWorkflow,
  caseType: 'follow-up-ticket',
  resource: 'follow-up-tickets',
  create: {
    ...ticketWorkflow.create,
    references: {
      ticketId: {
        caseType: 'ticket',
        required: true,
        summarize: (context, state) => ({ notes: (context as TicketContext).notes, state }),
      },
    },
    check: (_context, _data, _actor, _at, referenced) => {
      const ticket = referenced.ticketId;
      if (ticket?.notes === 0)
        throw new RefusedByRuleError([
          { field: 'ticketId', reason: 'the ticket has no notes', code: 'no_notes' },
        ]);
      return [];
    },
  },
};

const cs = actorAs('customer_service');
const otherDealerCs = actorAs('customer_service', { id: 'zhao.cs', dealerId: OTHER_DEALER });
const advisor = actorAs('service_advisor');

describe('referenced cases: the engine loads the named case and gives its check a summary', () => {
  let dir: string;
  let store: SqliteEventStore;
  let engine: WorkflowEngine;
  let registry: WorkflowRegistry;
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'references-spec-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    registry = new WorkflowRegistry([ticketWorkflow, followUpTicket]);
    engine = new WorkflowEngine(store, registry, new CaseRepository(store, registry, 100), clock);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ticket = async (notes: number) => {
    const { caseId } = await engine.execute({
      caseType: 'ticket',
      action: 'create',
      data: { title: 'Noise' },
      actor: cs,
    });
    for (let note = 0; note < notes; note++)
      await engine.execute({ caseType: 'ticket', caseId, action: 'note', data: {}, actor: cs });
    return caseId;
  };
  const followUp = (data: Record<string, unknown>, actor = cs) =>
    engine.execute({
      caseType: 'follow-up-ticket',
      action: 'create',
      data: { title: 'Again', ...data },
      actor,
    });
  const refusal = async (attempt: Promise<unknown>) =>
    attempt.then(
      () => undefined,
      (error: unknown) => error,
    );

  it('given a named ticket with notes, records the summary the check saw, and verification re-decides it', async () => {
    const ticketId = await ticket(2);
    const { caseId } = await followUp({ ticketId });
    const events = await store.readStream(`follow-up-ticket-${caseId}`);
    expect(events[0]!.data).toMatchObject({
      ticketId,
      referencedCases: { ticketId: { notes: 2, state: 'open' } },
    });
    expect(verifyCase(registry, events)).toMatchObject({ ok: true });
  });

  it('given a named ticket without notes, the check refuses it by its rule (422) and nothing is recorded', async () => {
    const ticketId = await ticket(0);
    const error = await refusal(followUp({ ticketId }));
    expect(error).toBeInstanceOf(RefusedByRuleError);
    expect(error).toMatchObject({ errors: [{ field: 'ticketId', code: 'no_notes' }] });
    expect((await store.readAll()).events).toHaveLength(1);
  });

  it('refuses a missing required reference, and another dealer’s or an unknown ticket with one answer (400)', async () => {
    const ticketId = await ticket(1);
    for (const [data, actor, code] of [
      [{}, cs, 'required'],
      [{ ticketId }, otherDealerCs, 'not_found'],
      [{ ticketId: '0190a8f2-5b7c-7d3e-8f00-000000000001' }, cs, 'not_found'],
    ] as const) {
      const error = await refusal(followUp(data, actor));
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect(error).not.toBeInstanceOf(RefusedByRuleError);
      expect(error).toMatchObject({ errors: [{ field: 'ticketId', code }] });
    }
  });

  it('answers a caller without the role 403 before looking at the reference', async () => {
    expect(await refusal(followUp({}, advisor))).toBeInstanceOf(ForbiddenError);
  });
});
