import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { complaintWorkload } from '../bench/complaint-workload.js';
import { customerService, serviceAdvisor } from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

interface View {
  id: string;
  revision: number;
  data: { complaintId?: string | null };
}

/**
 * A command answers with the case as the engine decided it (CommandOutcome.decided), not loaded again:
 * that answer must be exactly what reading the case back shows the same caller at the same moment.
 */
describe('the answer to a command is the view of the case read back', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  const callerOf = ({
    id,
    roles,
    dealerId,
    regionId,
  }: (typeof complaintWorkload)[number]['actor']): Caller => ({
    sub: id,
    name: id,
    roles,
    ...(dealerId !== undefined ? { dealerId } : {}),
    ...(regionId !== undefined ? { regionId } : {}),
  });
  const readBack = (path: string, caller: Caller) => engine.request<View>('GET', path, { caller });

  it('given a complaint walked from intake to close, then every answer equals the case read back, ETag and all', async () => {
    let id: string | undefined;
    let answeredAhead = 0;
    for (const step of complaintWorkload) {
      const caller = callerOf(step.actor);
      const answer = await engine.request<View>(
        'POST',
        step.action === 'create' ? '/api/v1/complaints' : `/api/v1/complaints/${id}/actions/${step.action}`,
        { caller, body: step.data },
      );
      expect(answer.status).toBe(step.action === 'create' ? 201 : 200);
      id = answer.body.id;
      const applied = engine.runtime.runner.checkpointOf('sla_deadlines') ?? 0;
      if (applied < Number(answer.headers.get('x-event-position'))) answeredAhead += 1;
      // The read waits for the read models to apply this node's writes: it shows what they hold.
      const read = await readBack(`/api/v1/complaints/${id}`, caller);
      expect(answer.body).toEqual(read.body);
      expect(answer.headers.get('etag')).toBe(`"${answer.body.revision}"`);
      expect(read.headers.get('etag')).toBe(answer.headers.get('etag'));
      expect(read.headers.get('x-read-models-stale')).toBeNull();
    }
    // Answers go out before the read models apply their events (deadlines folded in memory), so the
    // comparison above is of that fold against the read model. The embedded store's runner gathers
    // appends for 5 ms, so some answers are always ahead of it; PostgreSQL's may have applied already.
    if (engine.config.eventStore !== 'postgres') expect(answeredAhead).toBeGreaterThan(0);
  });

  it('given a repeat of a command (same Idempotency-Key), then it answers what the first answer said', async () => {
    const caller = callerOf(complaintWorkload[0]!.actor);
    const send = () =>
      engine.request<View>('POST', '/api/v1/complaints', {
        caller,
        body: complaintWorkload[0]!.data,
        headers: { 'Idempotency-Key': 'answer-repeat-1' },
      });
    const first = await send();
    const repeat = await send();
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.body).toEqual(first.body);
  });

  it('given a linked case opened from a follow-up, then the answer is the follow-up read back, link and all', async () => {
    const received = await engine.request<{ followUps: string[] }>('POST', '/api/v1/service-events', {
      caller: serviceAdvisor,
      body: {
        externalId: 'DMS-RO-answer-1',
        kind: 'repair_completed',
        occurredAt: engine.clock.now().toISOString(),
        vehicle: { vin: 'LSVAU2180N2183294', plate: '沪A12345', model: 'Lavida' },
        customer: { name: '王建国', phone: '13800138000', class: 'B' },
        mileageKm: 42_180,
        repairOrderId: 'RO-2026-0301-17',
      },
    });
    const followUp = received.body.followUps[0]!;
    const act = (action: string, body: unknown) =>
      engine.request<View>('POST', `/api/v1/follow-ups/${followUp}/actions/${action}`, {
        caller: customerService,
        body,
      });
    await act('record-attempt', { outcome: 'reached' });
    await act('complete', { satisfaction: 'very_dissatisfied' });
    const opened = await act('open-complaint', { category: 'repair_technique', description: '异响仍在' });
    expect(opened.status).toBe(200);
    expect(opened.body.data.complaintId).toEqual(expect.any(String));
    expect(opened.body).toEqual((await readBack(`/api/v1/follow-ups/${followUp}`, customerService)).body);
  });
});
