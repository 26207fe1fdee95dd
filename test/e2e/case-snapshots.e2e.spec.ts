import { afterAll, describe, expect, it } from '@jest/globals';
import { FixedClock } from '../../libs/kernel/index.js';
import {
  complaintIntake,
  customerService,
  reception,
  serviceAdvisor,
  technicalDirector,
} from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

interface View {
  id: string;
  state: string;
  revision: number;
}

/**
 * Case snapshots over HTTP: a complaint walked to closed with a snapshot after every third event, then
 * read by a restarted server (nothing cached, so it starts from the snapshots) and by one that keeps no
 * snapshots (a whole replay). Every view, current and as of each step, must be the same from all three.
 */
describe('case snapshots over HTTP on the embedded store', () => {
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');
  let engine: EngineUnderTest | undefined;
  afterAll(async () => {
    await engine?.stop();
  });

  const steps: [Caller, string, Record<string, unknown>][] = [
    [
      customerService,
      'verify',
      { findings: 'RO-2026-0301-17 shows the same fault', problemClass: 'technical', judgement: 'defect' },
    ],
    [
      technicalDirector,
      'propose-resolution',
      {
        cause: 'heat shield bolt missing',
        plan: 'refit heat shield',
        appointmentAt: '2026-03-03T09:00:00.000Z',
        costHandling: { payer: 'dealer', amountCents: 80_000 },
      },
    ],
    [serviceAdvisor, 'record-customer-reply', { decision: 'accepted' }],
    [serviceAdvisor, 'receive-repair-order', { internalOrderRef: 'IRO-17' }],
    [serviceAdvisor, 'pause-clock', { deadline: 'feedback', reason: 'waiting_for_parts' }],
    [serviceAdvisor, 'resume-clock', { deadline: 'feedback' }],
    [serviceAdvisor, 'report-feedback', { result: 'shield refitted, noise gone' }],
    [customerService, 'confirm-satisfaction', { satisfied: true }],
    [customerService, 'record-follow-up', { satisfaction: 'very_satisfied', notes: '7-day call' }],
    [customerService, 'close', { rootCause: 'bolt not refitted', preventiveAction: 'checklist' }],
  ];

  /** The case now and as of each moment, as the auditor's screens read them. */
  async function views(server: EngineUnderTest, id: string, moments: string[]): Promise<unknown[]> {
    const read = async (query: string) => {
      const view = await server.request<View & { deadlines?: unknown }>(
        'GET',
        `/api/v1/complaints/${id}${query}`,
        { caller: customerService },
      );
      expect(view.status).toBe(200);
      return view.body;
    };
    return [
      await read(''),
      ...(await Promise.all(moments.map((at) => read(`?asOf=${encodeURIComponent(at)}`)))),
    ];
  }

  it('give the same case and as-of views after a restart as a whole replay does', async () => {
    const env = { CASE_SNAPSHOT_INTERVAL: '3' };
    engine = await EngineUnderTest.start({ env, clock });
    const created = await engine.request<View>('POST', '/api/v1/complaints', {
      caller: reception,
      body: complaintIntake(),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const moments = [clock.now().toISOString()];
    for (const [caller, action, body] of steps) {
      clock.advance(10 * 60_000);
      const result = await engine.request('POST', `/api/v1/complaints/${id}/actions/${action}`, {
        caller,
        body,
      });
      expect({ action, status: result.status }).toEqual({ action, status: 200 });
      moments.push(new Date(clock.now().getTime() + 60_000).toISOString());
    }
    const written = await views(engine, id, moments);
    expect((written[0] as View).state).toBe('closed');
    const directory = engine.directory;
    await engine.stop({ keepData: true });

    engine = await EngineUnderTest.start({ env, clock, keepDataDir: directory });
    expect(await views(engine, id, moments)).toEqual(written);
    const metrics = String((await engine.request('GET', '/metrics')).body);
    // Eight events, a snapshot after revisions 2 and 5: every read after the restart started from one.
    expect(Number(/^case_snapshots\{outcome="used"\} (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(
      moments.length - 2,
    );
    await engine.stop({ keepData: true });

    engine = await EngineUnderTest.start({
      env: { CASE_SNAPSHOT_INTERVAL: '0' },
      clock,
      keepDataDir: directory,
    });
    expect(await views(engine, id, moments)).toEqual(written);
  });
});
