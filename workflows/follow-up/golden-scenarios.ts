import { person, type GoldenScenario } from '../golden/golden-scenario.js';

/** The follow-up paths every released follow-up version is pinned to (goldens under v<n>/golden/). */
const dealer = { dealerId: 'D001', regionId: 'R01' };
const advisor = person('service_advisor-1', ['service_advisor'], dealer);
const customerService = person('customer_service-1', ['customer_service'], dealer);
const otherDealer = person('customer_service-d002', ['customer_service'], {
  dealerId: 'D002',
  regionId: 'R01',
});
const serviceManager = person('service_manager-1', ['service_manager'], dealer);
const system = person('system', ['system']);

/** Seed 004 「维修后的用户回访(3-7 天内)」: a repair on 2 March, called from 5 to 9 March. */
const repairCall = {
  serviceEventId: '0195f2b4-3c1e-7a55-8f00-000000000001',
  triggerKind: 'repair_completed',
  triggeredAt: '2026-03-02T09:00:00.000Z',
  callIndex: 0,
  purpose: '维修后的用户回访',
  vin: 'LSVAU2180N2183294',
  channel: 'phone',
  windowStart: 'P3D',
  windowEnd: 'P7D',
  windowStartsAt: '2026-03-05T09:00:00.000Z',
  windowEndsAt: '2026-03-09T09:00:00.000Z',
  maxAttempts: 2,
  planVersion: 1,
};
const schedule = { action: 'create', actor: advisor, data: repairCall };

/**
 * Seed 004 「在下次保养日前13 日对客户进行提醒招来: ☆发送手机短信、电子邮件等形式给客户」: maintenance on 2 March,
 * next one due 15 June; the SMS goes out from 2 June (13 days before) and must be sent by 3 June.
 */
const smsReminder = {
  ...repairCall,
  triggerKind: 'maintenance_completed',
  callIndex: 1,
  purpose: '定期保养提醒:下次保养日期',
  channel: 'sms',
  windowStart: '-P13D',
  windowEnd: '-P12D',
  windowStartsAt: '2026-06-02T01:00:00.000Z',
  windowEndsAt: '2026-06-03T01:00:00.000Z',
  maxAttempts: 1,
  planVersion: 3,
  before: 'maintenanceDue',
  anchorAt: '2026-06-15T01:00:00.000Z',
  windowLength: 'P1D',
  recipient: { phone: '13800138000' },
};
/** 「在客户入厂日前11 日,使用电话提醒客户下次入厂保养」「询问客户最新的行驶里程并输入系统」. */
const mileageCall = {
  ...smsReminder,
  callIndex: 2,
  purpose: '电话提醒下次入厂保养:保养日期及内容,询问最新行驶里程',
  channel: 'phone',
  windowStart: '-P11D',
  windowEnd: '-P10D',
  windowStartsAt: '2026-06-04T01:00:00.000Z',
  windowEndsAt: '2026-06-05T01:00:00.000Z',
  maxAttempts: 3,
  recordsMileage: true,
  recipient: undefined,
};
const gateway = person('gateway:sms', ['system']);
const receipt = { messageId: 'sms-20260602-000173' };

/** From version 3: reminders delivered by the gateway, the mileage a reminder call records. */
const reminderScenarios: readonly GoldenScenario[] = [
  {
    name: 'sms-reminder-sent-then-replied',
    commands: [
      { action: 'create', actor: advisor, data: smsReminder },
      { action: 'record-attempt', actor: customerService, data: { outcome: 'reached' } },
      { action: 'record-reminder-sent', actor: customerService, data: receipt },
      { action: 'record-reminder-sent', actor: gateway, data: receipt },
      { action: 'record-reminder-replied', actor: gateway, data: { ...receipt, reply: '好的,15号来' } },
      { action: 'record-reminder-failed', actor: gateway, data: receipt },
    ],
  },
  {
    name: 'sms-reminder-failed-and-cancelled-reminder',
    commands: [
      { action: 'create', actor: advisor, data: smsReminder },
      { action: 'record-reminder-failed', actor: gateway, data: { ...receipt, reason: '空号' } },
      { action: 'record-reminder-sent', actor: gateway, data: receipt },
      { action: 'cancel', actor: customerService, data: { reason: 'opted_out' } },
    ],
  },
  {
    name: 'reminder-call-records-the-mileage',
    commands: [
      { action: 'create', actor: advisor, data: mileageCall },
      { action: 'record-reminder-sent', actor: gateway, data: receipt },
      { action: 'record-attempt', actor: customerService, data: { outcome: 'reached' } },
      { action: 'complete', actor: customerService, data: { satisfaction: 'satisfied' } },
      {
        action: 'complete',
        actor: customerService,
        data: { satisfaction: 'satisfied', mileageKm: 48_960, notes: '已预约6月15日入厂' },
      },
    ],
  },
  {
    name: 'second-call-not-needed',
    commands: [
      { action: 'create', actor: advisor, data: { ...mileageCall, callIndex: 3, recordsMileage: undefined } },
      { action: 'cancel', actor: customerService, data: { reason: 'not_needed' } },
    ],
  },
];

/** Seed 004 「流失用户维护回访(3 个月未回站用户,月中完成)」: the sweep's callback, from version 2 (v3 keeps it). */
const lostCustomerCall = {
  ...repairCall,
  triggerKind: 'customer_lost',
  purpose: '流失用户维护回访:了解未回站原因,邀请回站',
  windowStart: 'P0D',
  windowEnd: 'P14D',
  windowStartsAt: '2026-03-02T09:00:00.000Z',
  windowEndsAt: '2026-03-16T09:00:00.000Z',
  maxAttempts: 3,
  planVersion: 2,
};

export const followUpScenarios: readonly GoldenScenario[] = [
  ...reminderScenarios.map((scenario) => ({ ...scenario, versions: [3] })),
  {
    name: 'scheduled-by-the-lost-customer-sweep',
    versions: [2, 3],
    commands: [
      { action: 'create', actor: system, data: lostCustomerCall },
      {
        action: 'create',
        actor: person('system', ['system'], dealer),
        data: lostCustomerCall,
      },
      { action: 'record-attempt', actor: customerService, data: { outcome: 'reached' } },
      { action: 'complete', actor: customerService, data: { satisfaction: 'neutral' } },
    ],
  },
  {
    name: 'reached-and-completed',
    commands: [
      schedule,
      { action: 'record-attempt', actor: otherDealer, data: { outcome: 'reached' } },
      {
        action: 'record-attempt',
        actor: customerService,
        data: { outcome: 'not_reached', notes: '无人接听' },
      },
      { action: 'record-attempt', actor: customerService, data: { outcome: 'reached' } },
      {
        action: 'complete',
        actor: customerService,
        data: { satisfaction: 'satisfied', answers: { 维修质量: '满意' }, notes: '客户满意' },
      },
      { action: 'cancel', actor: customerService, data: { reason: 'opted_out' } },
    ],
  },
  {
    name: 'unreachable-after-the-plans-attempts',
    commands: [
      schedule,
      { action: 'record-attempt', actor: customerService, data: { outcome: 'not_reached' } },
      { action: 'record-attempt', actor: customerService, data: { outcome: 'not_reached' } },
      { action: 'record-breach', actor: system, data: { kind: 'window', dueAt: '2026-03-09T09:00:00.000Z' } },
    ],
  },
  {
    name: 'wrong-number',
    commands: [
      schedule,
      { action: 'record-attempt', actor: customerService, data: { outcome: 'wrong_number' } },
    ],
  },
  {
    name: 'window-missed-then-completed-late',
    commands: [
      schedule,
      {
        action: 'record-breach',
        actor: system,
        data: { kind: 'window', dueAt: '2026-03-09T09:00:00.000Z' },
        at: '2026-03-09T09:00:30.000Z',
      },
      { action: 'record-breach', actor: system, data: { kind: 'window', dueAt: '2026-03-09T09:00:00.000Z' } },
      { action: 'record-attempt', actor: customerService, data: { outcome: 'reached' } },
      { action: 'complete', actor: customerService, data: { satisfaction: 'dissatisfied' } },
    ],
  },
  {
    name: 'cancelled-vehicle-sold',
    commands: [
      schedule,
      { action: 'cancel', actor: advisor, data: { reason: 'vehicle_sold' } },
      { action: 'cancel', actor: serviceManager, data: { reason: 'vehicle_sold' } },
      { action: 'record-attempt', actor: customerService, data: { outcome: 'reached' } },
    ],
  },
];
