import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { FixedClock } from '../../libs/kernel/index.js';
import {
  complaintIntake,
  customerService,
  dealerStaff,
  foreignCustomerService,
  reception,
  serviceAdvisor,
} from './complaint-fixtures.js';
import { eventually } from './eventually.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import { warrantyClaimBody } from './warranty-fixtures.js';

interface Report {
  report: string;
  groupBy: string;
  columns: { id: string; zh: string }[];
  rows: Record<string, string | number | null>[];
}
interface Problem {
  status: number;
  errors?: { field: string }[];
  detail?: string;
}

const DAY = 24 * 60 * 60 * 1000;
const oem: Caller = { sub: 'xie.claims', roles: ['oem_claims'] };
const otherAdvisor = dealerStaff('he.sa', 'service_advisor', 'D002', 'R02');
const otherReception = dealerStaff('he.reception', 'reception', 'D002', 'R02');
const clerk: Caller = { sub: 'qian.clerk', roles: ['claims_clerk'], dealerId: 'D001', regionId: 'R01' };
const director: Caller = {
  sub: 'he.director',
  roles: ['service_director'],
  dealerId: 'D001',
  regionId: 'R01',
};
const noLevels = {
  very_satisfied: 0,
  satisfied: 0,
  fairly_satisfied: 0,
  neutral: 0,
  somewhat_dissatisfied: 0,
  dissatisfied: 0,
  very_dissatisfied: 0,
};

describe('reports end to end: each matches the counts of the test’s own events', () => {
  let engine: EngineUnderTest;
  let clock: FixedClock;
  let externalIds = 0;

  const report = (caller: Caller, path: string) =>
    engine.request<Report>('GET', `/api/v1/reports/${path}`, { caller });
  const rows = async (caller: Caller, path: string) => {
    const result = await report(caller, path);
    expect(result.status).toBe(200);
    return result.body.rows;
  };
  const serviceEvent = async (caller: Caller, kind: string, vin = 'LSVAU2180N2183294') => {
    const received = await engine.request<{ followUps: string[] }>('POST', '/api/v1/service-events', {
      caller,
      body: {
        externalId: `DMS-${(externalIds += 1)}`,
        kind,
        occurredAt: clock.now().toISOString(),
        vehicle: { vin, model: 'Lavida' },
        customer: { name: '王建国', phone: '13800138000' },
      },
    });
    expect(received.status).toBe(202);
    expect(received.body.followUps).toHaveLength(1);
    return received.body.followUps[0]!;
  };
  const act = async (caller: Caller, resource: string, id: string, action: string, body: unknown) => {
    const result = await engine.request<{ state: string }>(
      'POST',
      `/api/v1/${resource}/${id}/actions/${action}`,
      {
        caller,
        body,
      },
    );
    expect({ action, status: result.status }).toEqual({ action, status: 200 });
    return result.body;
  };
  const create = async (caller: Caller, resource: string, body: unknown) => {
    const result = await engine.request<{ id: string }>('POST', `/api/v1/${resource}`, { caller, body });
    expect({ resource, status: result.status }).toEqual({ resource, status: 201 });
    return result.body.id;
  };

  beforeAll(async () => {
    engine = await EngineUnderTest.start({
      env: { SLA_SWEEP_INTERVAL: 'PT0.2S', LOST_CUSTOMER_PERIOD: 'P3M' },
    });
    clock = engine.clock as FixedClock;
    // 2026-03-02T09:00Z (17:00 in China): repairs at D001 (three) and D002 (one); their calls are due when
    // the 3–7 day window closes, on 2026-03-09.
    const [r1, r2, r3] = [
      await serviceEvent(serviceAdvisor, 'repair_completed'),
      await serviceEvent(serviceAdvisor, 'repair_completed'),
      await serviceEvent(serviceAdvisor, 'repair_completed'),
    ];
    const r4 = await serviceEvent(otherAdvisor, 'repair_completed');
    // A lost customer at D001: a first maintenance on 2025-11-22, 100 days ago (its own call, due on
    // 2025-11-25, was missed), and no visit since. The sweep opens the callback, due on 2026-03-16.
    const lapsed = await engine.request('POST', '/api/v1/service-events', {
      caller: serviceAdvisor,
      body: {
        externalId: 'DMS-LAPSED',
        kind: 'maintenance_completed',
        occurredAt: new Date(clock.now().getTime() - 100 * DAY).toISOString(),
        vehicle: { vin: 'LFV3A23C1J3000001', model: 'Sagitar' },
        customer: { name: '李娜', phone: '13700137000' },
      },
    });
    expect(lapsed.status).toBe(202);
    const lostCalls = await eventually(
      async () =>
        (
          await engine.request<{ items: unknown[] }>('GET', '/api/v1/follow-ups?category=customer_lost', {
            caller: customerService,
          })
        ).body.items,
      (items) => items.length > 0,
    );
    expect(lostCalls).toHaveLength(1);
    // r1 reached and satisfied, r4 (D002) very satisfied: both on time.
    await act(customerService, 'follow-ups', r1!, 'record-attempt', { outcome: 'reached' });
    await act(customerService, 'follow-ups', r1!, 'complete', { satisfaction: 'satisfied' });
    await act(foreignCustomerService, 'follow-ups', r4, 'complete', { satisfaction: 'very_satisfied' });
    // r2 not reached three times: unreachable.
    for (let attempt = 0; attempt < 3; attempt++)
      await act(customerService, 'follow-ups', r2!, 'record-attempt', { outcome: 'not_reached' });
    // Complaints: two about the same vehicle at D001 (the second a repeat), one about another vehicle, and
    // one at D002 about the first vehicle again (a repeat too: repeats are counted per VIN, at any dealer).
    await create(reception, 'complaints', complaintIntake());
    await create(reception, 'complaints', complaintIntake({ category: 'delay', channel: 'phone' }));
    // The third is major: the goodwill below settles it (「为了处理重大客户投诉」).
    const major = await create(
      reception,
      'complaints',
      complaintIntake({ severity: 'major', vehicle: { vin: 'LFV3A23C1J3000001', model: 'Sagitar' } }),
    );
    await create(otherReception, 'complaints', complaintIntake({ category: 'delay' }));
    // A warranty claim of ¥3,000 (labour 600 + parts 2,400) and a goodwill of ¥15,000 at D001 (region R01).
    await create(clerk, 'warranty-claims', warrantyClaimBody(clock.now().toISOString()));
    await create(director, 'goodwill-applications', {
      complaintId: major,
      costLines: [{ kind: 'direct', description: 'towing and a rental car', amountCents: 1_500_000 }],
      lossDescription: 'towing and a rental car after the engine failed twice',
      waiver: { signedAt: '2026-03-01', documentRef: 'WV-2026-031' },
    });
    // Eight days on, r3's window has closed: the sweeper records the miss, then the call is made, late.
    clock.advance(8 * DAY);
    const missed = await eventually(
      async () =>
        (
          await engine.request<{ state: string }>('GET', `/api/v1/follow-ups/${r3}`, {
            caller: customerService,
          })
        ).body.state,
      (state) => state === 'missed',
    );
    expect(missed).toBe('missed');
    await act(customerService, 'follow-ups', r3!, 'complete', { satisfaction: 'dissatisfied' });
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('follow-ups-daily: due, done on time, late, reached, not reached and the satisfaction of each due day', async () => {
    expect(await rows(oem, 'follow-ups-daily?from=2026-03-01&to=2026-03-31')).toEqual([
      {
        day: '2026-03-09',
        all: 'all',
        due: 4,
        doneOnTime: 2,
        doneLate: 1,
        missed: 1,
        reached: 3,
        notReached: 1,
        cancelled: 0,
        onTimePercent: 50,
        ...noLevels,
        very_satisfied: 1,
        satisfied: 1,
        dissatisfied: 1,
      },
      {
        day: '2026-03-16',
        all: 'all',
        due: 1,
        doneOnTime: 0,
        doneLate: 0,
        missed: 0,
        reached: 0,
        notReached: 0,
        cancelled: 0,
        onTimePercent: 0,
        ...noLevels,
      },
    ]);
    expect(await rows(oem, 'follow-ups-daily?from=2026-03-10&to=2026-03-31&groupBy=trigger')).toEqual([
      expect.objectContaining({ day: '2026-03-16', trigger: 'customer_lost', due: 1 }),
    ]);
  });

  it('follow-ups-monthly: the month per dealer', async () => {
    expect(
      (await rows(oem, 'follow-ups-monthly?groupBy=dealer')).map((row) => [
        row.month,
        row.dealer,
        row.due,
        row.doneOnTime,
      ]),
    ).toEqual([
      ['2025-11', 'D001', 1, 0],
      ['2026-03', 'D001', 4, 1],
      ['2026-03', 'D002', 1, 1],
    ]);
  });

  it('complaints: received per month and category, repeats of the same vehicle within 90 days', async () => {
    expect(await rows(oem, 'complaints')).toEqual([
      {
        month: '2026-03',
        received: 4,
        closed: 0,
        dismissed: 0,
        closurePercent: 0,
        averageHoursToClose: null,
        repeatWithin90Days: 2,
      },
    ]);
    expect(
      (await rows(oem, 'complaints?groupBy=category')).map((row) => [
        row.category,
        row.received,
        row.repeatWithin90Days,
      ]),
    ).toEqual([
      ['delay', 2, 2],
      ['repair_technique', 2, 0],
    ]);
  });

  it('satisfaction: the 7 levels of the follow-up calls', async () => {
    expect(await rows(oem, 'satisfaction')).toEqual([
      {
        source: 'follow-up-call',
        answers: 3,
        ...noLevels,
        very_satisfied: 1,
        satisfied: 1,
        dissatisfied: 1,
        satisfiedPercent: 66.7,
      },
    ]);
  });

  it('warranty-cost: the claim per region and vehicle, the goodwill apart', async () => {
    expect(await rows(oem, 'warranty-cost')).toEqual([
      {
        region: 'R01',
        claims: 1,
        vehicles: 1,
        claimedCents: 300_000,
        approvedCents: 0,
        rejected: 0,
        paid: 0,
        costPerVehicleCents: 0,
        goodwillApplications: 1,
        goodwillCents: 1_500_000,
      },
    ]);
  });

  it('lost-customers: the callbacks opened per dealer and month', async () => {
    expect(await rows(oem, 'lost-customers')).toEqual([
      { month: '2026-03', dealer: 'D001', opened: 1, reached: 0, completed: 0, notReached: 0, cancelled: 0 },
    ]);
  });

  it('shows a dealer’s user only their dealer', async () => {
    expect(
      (await rows(foreignCustomerService, 'follow-ups-daily')).map((row) => [
        row.day,
        row.due,
        row.doneOnTime,
      ]),
    ).toEqual([['2026-03-09', 1, 1]]);
    expect((await rows(foreignCustomerService, 'complaints')).map((row) => row.received)).toEqual([1]);
    expect(await rows(foreignCustomerService, 'lost-customers')).toEqual([]);
    expect(await rows(foreignCustomerService, 'warranty-cost')).toEqual([]);
    // Asking for another dealer narrows within the scope; it never widens it.
    expect(await rows(foreignCustomerService, 'follow-ups-daily?dealerId=D001')).toEqual([]);
    expect((await rows(customerService, 'follow-ups-monthly')).map((row) => row.due)).toEqual([1, 4]);
  });

  it('exports CSV with a UTF-8 byte order mark and Chinese labels', async () => {
    const response = await fetch(
      `${engine.baseUrl}/api/v1/reports/follow-ups-daily?format=csv&from=2026-03-01&to=2026-03-09`,
      { headers: { authorization: `Bearer ${await engine.token(customerService)}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      '日期,全部,应回访,按时完成,逾期完成,超出时限,已联系上,未联系上,已取消,按时完成率%,非常满意,满意,比较满意,一般,有点不满意,不满意,非常不满意\r\n' +
        '2026-03-09,all,3,1,1,1,2,1,0,33.3,0,1,0,0,0,1,0\r\n',
    );
  });

  it('exports an Excel workbook that reads back with the same numbers', async () => {
    const response = await fetch(`${engine.baseUrl}/api/v1/reports/warranty-cost?format=xlsx`, {
      headers: { authorization: `Bearer ${await engine.token(oem)}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="warranty-cost.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('索赔费用')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '区域',
      '索赔单',
      '车辆数',
      '申请金额(分)',
      '批准金额(分)',
      '驳回',
      '已结算',
      '单车索赔费用(分)',
      '善意补偿申请',
      '善意补偿款(分,不计入单车费用)',
    ]);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      'R01',
      1,
      1,
      300_000,
      0,
      0,
      0,
      0,
      1,
      1_500_000,
    ]);
    expect(sheet.rowCount).toBe(2);
  });

  it('refuses bad queries with a problem naming the field, and an unknown report with 404', async () => {
    const problem = async (path: string) => {
      const result = await engine.request<Problem>('GET', `/api/v1/reports/${path}`, { caller: oem });
      return { status: result.status, fields: result.body.errors?.map((error) => error.field) ?? [] };
    };
    expect(await problem('no-such-report')).toEqual({ status: 404, fields: [] });
    expect(await problem('complaints?from=2026-13-01')).toEqual({ status: 400, fields: ['from'] });
    expect(await problem('complaints?from=2026-03-10&to=2026-03-01')).toEqual({
      status: 400,
      fields: ['to'],
    });
    expect(await problem('complaints?groupBy=vehicle')).toEqual({ status: 400, fields: ['groupBy'] });
    expect(await problem('complaints?format=pdf')).toEqual({ status: 400, fields: ['format'] });
  });
});
