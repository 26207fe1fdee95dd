import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FixedClock } from '../../libs/kernel/index.js';
import type { Runtime } from '../../libs/runtime/index.js';
import { customerService, serviceAdvisor } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';
import { eventually } from './eventually.js';

interface Contact {
  caseType: string;
  caseId: string;
  kind: string;
}
interface CustomerRecord {
  id: string;
  history: Contact[];
}
interface FollowUpView {
  id: string;
  state: string;
  dealerId: string;
  data: { triggerKind: string; windowStartsAt: string; windowEndsAt: string; planVersion: number };
}

const DAY = 24 * 60 * 60 * 1000;
const LAPSED_VIN = 'LSVAU2180N2183294';
const RECENT_VIN = 'LFV2A21K7A4000017';

/** Seed 004: 「负责流失用户维护回访(3 个月未回站用户,月中完成),月底统计汇总」. */
describe('lost customers end to end (seed 004)', () => {
  let engine: EngineUnderTest;
  let clock: FixedClock;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({
      env: { SLA_SWEEP_INTERVAL: 'PT0.2S', LOST_CUSTOMER_PERIOD: 'P3M' },
    });
    clock = engine.clock as FixedClock;
    const visit = (externalId: string, vin: string, occurredAt: number, phone: string) =>
      engine.request('POST', '/api/v1/service-events', {
        caller: serviceAdvisor,
        body: {
          externalId,
          kind: 'maintenance_completed',
          occurredAt: new Date(occurredAt).toISOString(),
          vehicle: { vin },
          customer: { name: '王建国', phone, class: 'B' },
        },
      });
    const now = clock.now().getTime();
    expect((await visit('DMS-M-1', LAPSED_VIN, now - 100 * DAY, '13800138000')).status).toBe(202);
    expect((await visit('DMS-M-2', RECENT_VIN, now - 10 * DAY, '13900139000')).status).toBe(202);
  });
  afterAll(async () => {
    await engine.stop();
  });

  const recordOf = async (vin: string): Promise<CustomerRecord> =>
    (
      await engine.request<{ items: CustomerRecord[] }>('GET', `/api/v1/customers?vin=${vin}`, {
        caller: customerService,
      })
    ).body.items[0]!;
  const lostCalls = async (): Promise<FollowUpView[]> =>
    (
      await engine.request<{ items: FollowUpView[] }>('GET', '/api/v1/follow-ups?category=customer_lost', {
        caller: customerService,
      })
    ).body.items;

  it('schedules one callback by phone for a vehicle not seen for 3 months, none for a recent one', async () => {
    const calls = await eventually(lostCalls, (found) => found.length > 0);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    const view = (
      await engine.request<FollowUpView>('GET', `/api/v1/follow-ups/${call!.id}`, { caller: customerService })
    ).body;
    expect(view).toMatchObject({ state: 'scheduled', dealerId: 'D001' });
    expect(view.data).toMatchObject({ triggerKind: 'customer_lost', planVersion: 3 });
    expect(Date.parse(view.data.windowEndsAt) - Date.parse(view.data.windowStartsAt)).toBe(14 * DAY);
    const lapsed = await recordOf(LAPSED_VIN);
    expect(
      lapsed.history
        .filter((contact) => contact.kind === 'customer_lost')
        .map((c) => c.caseType)
        .sort(),
    ).toEqual(['follow-up', 'service-event']);
    const recent = await recordOf(RECENT_VIN);
    expect(recent.history.some((contact) => contact.kind === 'customer_lost')).toBe(false);
  });

  it('adds nothing on a second sweep, nor after time passes without a new visit', async () => {
    const sweep = (engine.runtime as Runtime).lostCustomerSweep!;
    expect(await sweep.sweepOnce()).toEqual({ scheduled: 0, skipped: 0 });
    clock.advance(30 * DAY);
    expect(await sweep.sweepOnce()).toEqual({ scheduled: 0, skipped: 0 });
    expect(await lostCalls()).toHaveLength(1);
  });

  it('refuses customer_lost from a dealer’s system: only the sweep records it', async () => {
    const refused = await engine.request('POST', '/api/v1/service-events', {
      caller: serviceAdvisor,
      body: {
        externalId: 'DMS-LOST-1',
        kind: 'customer_lost',
        occurredAt: clock.now().toISOString(),
        vehicle: { vin: RECENT_VIN },
        customer: { name: '王建国', phone: '13900139000' },
      },
    });
    expect(refused.status).toBe(403);
  });
});
