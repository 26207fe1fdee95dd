import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '../libs/kernel/index.js';
import {
  ReportsProjection,
  reportDefinition,
  reportFactsOf,
  runReport,
  type ReportQuery,
} from '../libs/reports/index.js';
import { loadRegisteredWorkflows } from './registered-workflows.js';

// Each report's arithmetic, from the events the workflows record (as their machines record them: the
// first event names dealer and region, metadata names the states before and after).
const projection = new ReportsProjection(reportFactsOf(loadRegisteredWorkflows({})));
const revisions = new Map<string, number>();
let position = 0;

type Step = [
  caseType: string,
  caseId: string,
  type: string,
  at: string,
  data?: Record<string, unknown>,
  states?: [string, string],
];

function projected(steps: Step[]): Database.Database {
  const db = new Database(':memory:');
  projection.setup(db);
  for (const [caseType, caseId, type, occurredAt, data = {}, [fromState, toState] = ['x', 'y']] of steps) {
    const revision = revisions.get(caseId) ?? 0;
    revisions.set(caseId, revision + 1);
    position += 1;
    const event: RecordedEvent = {
      eventId: `event-${position}`,
      streamId: `${caseType}-${caseId}`,
      revision,
      position,
      type,
      data,
      metadata: { caseType, caseId, occurredAt, fromState, toState },
      recordedAt: occurredAt,
    };
    projection.apply(db, event);
  }
  return db;
}

const all: ReportQuery = { scope: { kind: 'all' } };
const report = (db: Database.Database, name: string, query: Partial<ReportQuery> = {}) =>
  runReport(db, reportDefinition(name)!, { ...all, ...query }).rows;
const owner = (dealerId: string, regionId = 'R01') => ({ dealerId, regionId });

const scheduled = (
  id: string,
  windowEndsAt: string,
  dealerId = 'D001',
  triggerKind = 'repair_completed',
): Step => [
  'follow-up',
  id,
  'FollowUpScheduled',
  '2026-03-02T01:00:00Z',
  { ...owner(dealerId), triggerKind, windowEndsAt },
  ['none', 'scheduled'],
];
const levels = (given: Record<string, number>) => ({
  very_satisfied: 0,
  satisfied: 0,
  fairly_satisfied: 0,
  neutral: 0,
  somewhat_dissatisfied: 0,
  dissatisfied: 0,
  very_dissatisfied: 0,
  ...given,
});

describe('follow-ups-daily and follow-ups-monthly (seed 004 「维修后的用户回访(3-7 天内),每日统计、每月汇总」)', () => {
  const db = projected([
    scheduled('f1', '2026-03-09T01:00:00Z'),
    scheduled('f2', '2026-03-09T02:00:00Z'),
    scheduled('f3', '2026-03-09T03:00:00Z'),
    scheduled('f4', '2026-03-10T01:00:00Z'),
    // f1: reached and completed within its window, satisfied.
    [
      'follow-up',
      'f1',
      'FollowUpAttemptRecorded',
      '2026-03-06T01:00:00Z',
      { outcome: 'reached' },
      ['scheduled', 'reached'],
    ],
    [
      'follow-up',
      'f1',
      'FollowUpCompleted',
      '2026-03-06T01:10:00Z',
      { satisfaction: 'satisfied' },
      ['reached', 'completed'],
    ],
    // f2: window missed, then completed late, dissatisfied.
    ['follow-up', 'f2', 'FollowUpWindowMissed', '2026-03-09T02:00:00Z', {}, ['scheduled', 'missed']],
    [
      'follow-up',
      'f2',
      'FollowUpCompleted',
      '2026-03-10T01:00:00Z',
      { satisfaction: 'dissatisfied' },
      ['missed', 'completed'],
    ],
    // f3: not reached twice, then unreachable.
    [
      'follow-up',
      'f3',
      'FollowUpAttemptRecorded',
      '2026-03-06T01:00:00Z',
      { outcome: 'not_reached' },
      ['scheduled', 'scheduled'],
    ],
    [
      'follow-up',
      'f3',
      'FollowUpAttemptRecorded',
      '2026-03-07T01:00:00Z',
      { outcome: 'not_reached' },
      ['scheduled', 'unreachable'],
    ],
    // f4: cancelled, the vehicle was sold.
    [
      'follow-up',
      'f4',
      'FollowUpCancelled',
      '2026-03-05T01:00:00Z',
      { reason: 'vehicle_sold' },
      ['scheduled', 'cancelled'],
    ],
  ]);

  it('files each call under the day its window closes and counts on time, late, reached and not reached', () => {
    expect(report(db, 'follow-ups-daily')).toEqual([
      {
        day: '2026-03-09',
        all: 'all',
        due: 3,
        doneOnTime: 1,
        doneLate: 1,
        missed: 1,
        reached: 2,
        notReached: 1,
        cancelled: 0,
        onTimePercent: 33.3,
        ...levels({ satisfied: 1, dissatisfied: 1 }),
      },
      {
        day: '2026-03-10',
        all: 'all',
        due: 1,
        doneOnTime: 0,
        doneLate: 0,
        missed: 0,
        reached: 0,
        notReached: 0,
        cancelled: 1,
        onTimePercent: 0,
        ...levels({}),
      },
    ]);
  });

  it('sums the month', () => {
    expect(report(db, 'follow-ups-monthly', { groupBy: 'trigger' })).toEqual([
      expect.objectContaining({
        month: '2026-03',
        trigger: 'repair_completed',
        due: 4,
        doneOnTime: 1,
        cancelled: 1,
      }),
    ]);
  });
});

describe('follow-up reminders by SMS/e-mail (follow-up v3, seed 004 「在下次保养日前13 日…发送手机短信」)', () => {
  const trigger = 'maintenance_completed';
  const db = projected([
    scheduled('r1', '2026-06-03T01:00:00Z', 'D001', trigger),
    scheduled('r2', '2026-06-03T02:00:00Z', 'D001', trigger),
    scheduled('r3', '2026-06-03T03:00:00Z', 'D001', trigger),
    scheduled('r4', '2026-06-03T04:00:00Z', 'D001', trigger),
    // r1: sent in its window, then the customer replied.
    ['follow-up', 'r1', 'FollowUpReminderSent', '2026-06-02T01:00:00Z', {}, ['scheduled', 'sent']],
    ['follow-up', 'r1', 'FollowUpReminderReplied', '2026-06-02T03:00:00Z', {}, ['sent', 'replied']],
    // r2: the gateway could not deliver it.
    ['follow-up', 'r2', 'FollowUpReminderFailed', '2026-06-02T01:00:00Z', {}, ['scheduled', 'failed']],
    // r3: its window closed first, then it was sent.
    ['follow-up', 'r3', 'FollowUpWindowMissed', '2026-06-03T03:00:00Z', {}, ['scheduled', 'missed']],
    ['follow-up', 'r3', 'FollowUpReminderSent', '2026-06-03T05:00:00Z', {}, ['missed', 'sent']],
    // r4: answered by a reply without a sent report first.
    ['follow-up', 'r4', 'FollowUpReminderReplied', '2026-06-02T02:00:00Z', {}, ['scheduled', 'replied']],
  ]);

  it('counts a sent (or answered) reminder as done, on time or late, a failed one as not reached, a reply as reached', () => {
    expect(report(db, 'follow-ups-daily')).toEqual([
      {
        day: '2026-06-03',
        all: 'all',
        due: 4,
        doneOnTime: 2,
        doneLate: 1,
        missed: 1,
        reached: 2,
        notReached: 1,
        cancelled: 0,
        onTimePercent: 50,
        ...levels({}),
      },
    ]);
  });
});

describe('complaints (by category, channel, dealer, month; closure rate; time to close; repeats per VIN in 90 days)', () => {
  const received = (id: string, at: string, vin: string, category: string, dealerId = 'D001'): Step => [
    'complaint',
    id,
    'ComplaintReceived',
    at,
    { ...owner(dealerId), category, channel: 'phone', vehicle: { vin } },
    ['none', 'received'],
  ];
  const db = projected([
    received('c1', '2026-01-10T02:00:00Z', 'LSVAU2180N2183294', 'delay'),
    received('c2', '2026-03-01T02:00:00Z', 'LSVAU2180N2183294', 'delay'), // 50 days later: a repeat
    received('c3', '2026-03-02T02:00:00Z', 'LFV3A23C1J3000001', 'repair_price'),
    received('c4', '2026-06-15T02:00:00Z', 'LSVAU2180N2183294', 'delay'), // 106 days after c2: not one
    ['complaint', 'c1', 'ComplaintClosed', '2026-01-12T02:00:00Z', {}, ['followed_up', 'closed']], // 48 h
    ['complaint', 'c2', 'ComplaintClosed', '2026-03-02T02:00:00Z', {}, ['followed_up', 'closed']], // 24 h
    [
      'complaint',
      'c3',
      'ComplaintDismissed',
      '2026-03-02T03:00:00Z',
      { reason: 'x' },
      ['received', 'dismissed'],
    ],
  ]);

  it('counts per month: received, closed, closure rate, average hours to close, repeats', () => {
    expect(report(db, 'complaints')).toEqual([
      {
        month: '2026-01',
        received: 1,
        closed: 1,
        dismissed: 0,
        closurePercent: 100,
        averageHoursToClose: 48,
        repeatWithin90Days: 0,
      },
      {
        month: '2026-03',
        received: 2,
        closed: 1,
        dismissed: 1,
        closurePercent: 50,
        averageHoursToClose: 24,
        repeatWithin90Days: 1,
      },
      {
        month: '2026-06',
        received: 1,
        closed: 0,
        dismissed: 0,
        closurePercent: 0,
        averageHoursToClose: null,
        repeatWithin90Days: 0,
      },
    ]);
  });

  it('groups by category within the days asked for', () => {
    expect(report(db, 'complaints', { groupBy: 'category', from: '2026-03-01', to: '2026-03-31' })).toEqual([
      expect.objectContaining({ category: 'delay', received: 1, repeatWithin90Days: 1 }),
      expect.objectContaining({ category: 'repair_price', received: 1, dismissed: 1 }),
    ]);
  });
});

describe('satisfaction (seed 002 「对回访客户时获得的反馈信息进行统计分析」)', () => {
  it('counts the 7 levels across complaint follow-ups, OEM callbacks and follow-up calls', () => {
    const db = projected([
      ['complaint', 's1', 'ComplaintReceived', '2026-03-01T02:00:00Z', owner('D001'), ['none', 'received']],
      ['complaint', 's1', 'ComplaintFollowUpRecorded', '2026-03-05T02:00:00Z', { satisfaction: 'neutral' }],
      [
        'warranty-claim',
        's2',
        'WarrantyClaimOpened',
        '2026-03-01T02:00:00Z',
        { ...owner('D001'), vehicle: { vin: 'V1' }, laborCents: 1, partsCents: 1 },
      ],
      [
        'warranty-claim',
        's2',
        'WarrantyClaimCallbackRecorded',
        '2026-03-06T02:00:00Z',
        { satisfaction: 'very_satisfied' },
      ],
      scheduled('s3', '2026-03-09T01:00:00Z', 'D002'),
      [
        'follow-up',
        's3',
        'FollowUpCompleted',
        '2026-03-06T01:10:00Z',
        { satisfaction: 'satisfied' },
        ['scheduled', 'completed'],
      ],
    ]);
    expect(report(db, 'satisfaction')).toEqual([
      { source: 'complaint-follow-up', answers: 1, ...levels({ neutral: 1 }), satisfiedPercent: 0 },
      { source: 'follow-up-call', answers: 1, ...levels({ satisfied: 1 }), satisfiedPercent: 100 },
      { source: 'oem-callback', answers: 1, ...levels({ very_satisfied: 1 }), satisfiedPercent: 100 },
    ]);
    expect(report(db, 'satisfaction', { groupBy: 'dealer' })).toEqual([
      expect.objectContaining({ dealer: 'D001', answers: 2, satisfiedPercent: 50 }),
      expect.objectContaining({ dealer: 'D002', answers: 1, satisfiedPercent: 100 }),
    ]);
  });
});

describe('warranty-cost (seed 003 「善意补偿款不计入区域单车索赔费用」)', () => {
  it('sums approved claims per region and distinct vehicle; goodwill is shown apart and never counted in it', () => {
    const claim = (id: string, vin: string, regionId: string, cents: number): Step[] => [
      [
        'warranty-claim',
        id,
        'WarrantyClaimOpened',
        '2026-03-01T02:00:00Z',
        { dealerId: 'D001', regionId, vehicle: { vin }, laborCents: cents / 2, partsCents: cents / 2 },
      ],
      ['warranty-claim', id, 'WarrantyClaimApproved', '2026-03-03T02:00:00Z', { approvedCents: cents }],
    ];
    const db = projected([
      ...claim('w1', 'VIN-A', 'R01', 100_000),
      ...claim('w2', 'VIN-A', 'R01', 50_000), // the same vehicle again
      ...claim('w3', 'VIN-B', 'R01', 30_000),
      [
        'warranty-claim',
        'w4',
        'WarrantyClaimOpened',
        '2026-03-01T02:00:00Z',
        { dealerId: 'D002', regionId: 'R02', vehicle: { vin: 'VIN-C' }, laborCents: 10_000, partsCents: 0 },
      ],
      ['warranty-claim', 'w4', 'WarrantyClaimRejected', '2026-03-02T02:00:00Z', { reason: 'x' }],
      [
        'goodwill',
        'g1',
        'GoodwillApplicationSubmitted',
        '2026-03-04T02:00:00Z',
        { dealerId: 'D001', regionId: 'R01', amountCents: 1_500_000 },
      ],
      [
        'goodwill',
        'g2',
        'GoodwillApplicationSubmitted',
        '2026-03-04T02:00:00Z',
        { dealerId: 'D001', regionId: 'R01', amountCents: 700_000 },
      ],
      ['goodwill', 'g2', 'GoodwillApplicationRejected', '2026-03-05T02:00:00Z', { reason: 'x' }],
    ]);
    expect(report(db, 'warranty-cost')).toEqual([
      {
        region: 'R01',
        claims: 3,
        vehicles: 2,
        claimedCents: 180_000,
        approvedCents: 180_000,
        rejected: 0,
        paid: 0,
        costPerVehicleCents: 90_000,
        goodwillApplications: 2,
        goodwillCents: 1_500_000,
      },
      {
        region: 'R02',
        claims: 1,
        vehicles: 1,
        claimedCents: 10_000,
        approvedCents: 0,
        rejected: 1,
        paid: 0,
        costPerVehicleCents: 0,
        goodwillApplications: 0,
        goodwillCents: 0,
      },
    ]);
    expect(
      report(db, 'warranty-cost', { groupBy: 'vehicle' }).map((row) => [row.vehicle, row.approvedCents]),
    ).toEqual([
      ['(none)', 0],
      ['VIN-A', 150_000],
      ['VIN-B', 30_000],
      ['VIN-C', 0],
    ]);
  });
});

describe('lost-customers (seed 004 「流失用户维护回访(3 个月未回站用户,月中完成),月底统计汇总」)', () => {
  it('counts the callbacks opened for lost customers per dealer and month, and what became of them', () => {
    const db = projected([
      scheduled('l1', '2026-03-20T01:00:00Z', 'D001', 'customer_lost'),
      scheduled('l2', '2026-03-20T01:00:00Z', 'D001', 'customer_lost'),
      scheduled('l3', '2026-03-20T01:00:00Z', 'D002', 'customer_lost'),
      scheduled('r1', '2026-03-20T01:00:00Z', 'D001', 'repair_completed'),
      [
        'follow-up',
        'l1',
        'FollowUpCompleted',
        '2026-03-06T01:10:00Z',
        { satisfaction: 'satisfied' },
        ['scheduled', 'completed'],
      ],
      [
        'follow-up',
        'r1',
        'FollowUpCompleted',
        '2026-03-06T01:10:00Z',
        { satisfaction: 'satisfied' },
        ['scheduled', 'completed'],
      ],
      [
        'follow-up',
        'l2',
        'FollowUpAttemptRecorded',
        '2026-03-07T01:00:00Z',
        { outcome: 'wrong_number' },
        ['scheduled', 'unreachable'],
      ],
    ]);
    expect(report(db, 'lost-customers')).toEqual([
      { month: '2026-03', dealer: 'D001', opened: 2, reached: 1, completed: 1, notReached: 1, cancelled: 0 },
      { month: '2026-03', dealer: 'D002', opened: 1, reached: 0, completed: 0, notReached: 0, cancelled: 0 },
    ]);
  });
});
