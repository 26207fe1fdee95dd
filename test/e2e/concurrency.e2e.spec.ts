import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { complaintIntake, customerService, serviceAdvisor, technicalDirector } from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

// v3: an accepted reply waits for the internal repair order; a rejected one goes one level up.
const REACHABLE_AFTER_REPLY = ['awaiting_repair_order', 'routed'];

describe('racing clients on the same cases', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  async function awaitingReply(): Promise<string> {
    const id = (
      await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      })
    ).body.id;
    await engine.request('POST', `/api/v1/complaints/${id}/actions/verify`, {
      caller: customerService,
      body: { findings: 'f', problemClass: 'technical', judgement: 'defect' },
    });
    await engine.request('POST', `/api/v1/complaints/${id}/actions/propose-resolution`, {
      caller: technicalDirector,
      body: { cause: 'c', plan: 'p', costHandling: { payer: 'dealer', amountCents: 1000 } },
    });
    return id;
  }

  it('lets exactly one of twelve conflicting replies win on each of five cases', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, awaitingReply));
    const clients: Caller[] = Array.from({ length: 12 }, (_, index) => ({
      ...(index % 2 === 0 ? customerService : serviceAdvisor),
      sub: `racer-${index}`,
    }));
    const results = await Promise.all(
      ids.flatMap((id) =>
        clients.map(async (caller, index) => ({
          id,
          status: (
            await engine.request('POST', `/api/v1/complaints/${id}/actions/record-customer-reply`, {
              caller,
              body: { decision: index % 3 === 0 ? 'rejected' : 'accepted' },
            })
          ).status,
        })),
      ),
    );
    for (const id of ids) {
      const statuses = results.filter((result) => result.id === id).map((result) => result.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(11);
      const history = await engine.request<{ events: { type: string }[] }>(
        'GET',
        `/api/v1/complaints/${id}/history`,
        { caller: customerService },
      );
      expect(history.body.events.filter((event) => event.type === 'ComplaintCustomerReplied')).toHaveLength(
        1,
      );
      const view = await engine.request<{ state: string }>('GET', `/api/v1/complaints/${id}`, {
        caller: customerService,
      });
      expect(REACHABLE_AFTER_REPLY).toContain(view.body.state);
      const verification = await engine.request<{ ok: boolean }>(
        'GET',
        `/api/v1/complaints/${id}/verification`,
        { caller: customerService },
      );
      expect(verification.body.ok).toBe(true);
    }
  });

  it('keeps one winner when racing clients all send the same stale If-Match', async () => {
    const id = await awaitingReply();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        engine.request('POST', `/api/v1/complaints/${id}/actions/escalate`, {
          caller: { ...customerService, sub: `escalator-${index}` },
          body: { reason: 'race' },
          headers: { 'if-match': '"2"' },
        }),
      ),
    );
    const statuses = results.map((result) => result.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(7);
  });
});
