import { describe, expect, it } from '@jest/globals';
import { followUpDeadlines } from './deadlines.js';
import { InvalidFollowUpPlanError, loadFollowUpPlanSet } from './plan-validation.js';
import { currentPlan } from './plan.js';
import { readFollowUpPlans } from './plans.loader.js';
import { callsFor } from '../service-event/follow-up-schedule.js';

const call = {
  purpose: '维修后的用户回访',
  windowStart: 'P3D',
  windowEnd: 'P7D',
  channel: 'phone',
  maxAttempts: 3,
  source: '004',
};
const triggers = {
  repair_completed: [call],
  vehicle_delivered: [],
  maintenance_completed: [],
  parts_purchased: [],
  technical_upgrade: [],
};

describe('the follow-up plan', () => {
  it('ships the seeds’ windows: 「维修后的用户回访(3-7 天内)」, 「购车后7天内回访」, 「新车提车后的2~3周内」, 「首保后0到3天内」', () => {
    const plan = currentPlan(readFollowUpPlans());
    const windows = (kind: keyof typeof plan.triggers): string[] =>
      (plan.triggers[kind] ?? []).map((planned) => `${planned.windowStart}/${planned.windowEnd}`);
    expect(windows('repair_completed')).toEqual(['P3D/P7D']);
    expect(windows('vehicle_delivered')).toEqual(['P0D/P7D', 'P14D/P21D', 'P30D/P31D']);
    expect(windows('maintenance_completed')).toEqual(['P0D/P3D', 'P13D/P12D', 'P11D/P10D', 'P9D/P7D']);
    expect(windows('parts_purchased')).toHaveLength(1);
    expect(windows('technical_upgrade')).toHaveLength(1);
  });

  it('from version 2 calls a lost customer back within half a month: 「流失用户维护回访(3 个月未回站用户,月中完成)」', () => {
    const plans = readFollowUpPlans().plans;
    const lostCall = [expect.objectContaining({ windowStart: 'P0D', windowEnd: 'P14D', channel: 'phone' })];
    expect(plans.map((plan) => plan.version)).toEqual([1, 2, 3]);
    expect(plans[1]!.triggers.customer_lost).toEqual(lostCall);
    // Version 3 adds the reminders and keeps version 2's callback.
    expect(currentPlan(readFollowUpPlans()).triggers.customer_lost).toEqual(lostCall);
    expect(plans[0]!.triggers.customer_lost).toBeUndefined();
  });

  it('names every problem of a bad file by its JSON path', () => {
    const bad = {
      version: 0,
      triggers: {
        ...triggers,
        repair_completed: [{ ...call, windowStart: 'P1M', windowEnd: 'P7D', channel: 'fax', maxAttempts: 0 }],
        vehicle_delivered: undefined,
        oil_change: [],
      },
    };
    let caught: unknown;
    try {
      loadFollowUpPlanSet([{ file: 'bad.json', json: bad }]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidFollowUpPlanError);
    expect((caught as InvalidFollowUpPlanError).problems.map((problem) => problem.path)).toEqual([
      '$.version',
      '$.triggers.repair_completed[0].windowStart',
      '$.triggers.repair_completed[0].channel',
      '$.triggers.repair_completed[0].maxAttempts',
      '$.triggers.vehicle_delivered',
      '$.triggers.oil_change',
    ]);
  });

  it('refuses a window that closes before it opens, and a version given twice', () => {
    expect(() =>
      loadFollowUpPlanSet([
        { file: 'a.json', json: { version: 1, triggers } },
        {
          file: 'b.json',
          json: { version: 1, triggers: { ...triggers, repair_completed: [{ ...call, windowEnd: 'P2D' }] } },
        },
      ]),
    ).toThrow(
      /b\.json \$\.triggers\.repair_completed\[0\]\.windowEnd: must be after windowStart[\s\S]*version 1 is also in a\.json/,
    );
  });

  it('applies the newest version to new triggers', () => {
    const plans = loadFollowUpPlanSet([
      {
        file: 'v2.json',
        json: { version: 2, triggers: { ...triggers, repair_completed: [{ ...call, windowEnd: 'P5D' }] } },
      },
      { file: 'v1.json', json: { version: 1, triggers } },
    ]);
    expect(callsFor(plans, 'repair_completed', '2026-03-02T17:00:00+08:00')).toEqual({
      planVersion: 2,
      calls: [
        expect.objectContaining({
          windowStartsAt: '2026-03-05T09:00:00.000Z',
          windowEndsAt: '2026-03-07T09:00:00.000Z',
          maxAttempts: 3,
        }),
      ],
    });
  });

  it('keeps a window clock for every window end of every version, so older calls keep theirs', () => {
    const plans = loadFollowUpPlanSet([
      { file: 'v1.json', json: { version: 1, triggers } },
      {
        file: 'v2.json',
        json: { version: 2, triggers: { ...triggers, repair_completed: [{ ...call, windowEnd: 'P5D' }] } },
      },
    ]);
    expect(followUpDeadlines(plans).map((rule) => [rule.kind, rule.duration])).toEqual([
      ['window', 'P7D'],
      ['window', 'P5D'],
    ]);
  });

  it('refuses a window before a date that closes further from it than it opens, an unknown date, mileage by SMS', () => {
    const reminder = { ...call, before: 'maintenanceDue', windowStart: 'P11D', windowEnd: 'P13D' };
    let caught: unknown;
    try {
      loadFollowUpPlanSet([
        {
          file: 'bad.json',
          json: {
            version: 1,
            triggers: {
              ...triggers,
              maintenance_completed: [
                reminder,
                { ...reminder, before: 'birthday', windowEnd: 'P10D' },
                { ...reminder, windowEnd: 'P10D', channel: 'sms', recordsMileage: true },
              ],
            },
          },
        },
      ]);
    } catch (error) {
      caught = error;
    }
    expect((caught as InvalidFollowUpPlanError).problems).toEqual([
      {
        file: 'bad.json',
        path: '$.triggers.maintenance_completed[0].windowEnd',
        problem: 'must be shorter than windowStart (closer to the date)',
      },
      {
        file: 'bad.json',
        path: '$.triggers.maintenance_completed[1].before',
        problem: 'must be one of maintenanceDue',
      },
      {
        file: 'bad.json',
        path: '$.triggers.maintenance_completed[2].recordsMileage',
        problem: 'only a phone call records the mileage',
      },
    ]);
  });
});

describe('maintenance reminders (seed 004 「保养提醒」)', () => {
  const plans = readFollowUpPlans();
  const maintenance = (nextMaintenanceDueAt?: string) =>
    callsFor(
      plans,
      'maintenance_completed',
      '2026-03-02T17:00:00+08:00',
      nextMaintenanceDueAt === undefined ? {} : { maintenanceDue: nextMaintenanceDueAt },
    );

  it('「在下次保养日前13 日对客户进行提醒招来: ☆发送手机短信、电子邮件等形式给客户」 and 「在客户入厂日前11 日,使用电话提醒」, asking the mileage', () => {
    const { planVersion, calls } = maintenance('2026-06-15T09:00:00+08:00');
    expect(planVersion).toBe(3);
    expect(
      calls.map(({ callIndex, channel, windowStartsAt, windowEndsAt, recordsMileage }) => ({
        callIndex,
        channel,
        windowStartsAt,
        windowEndsAt,
        recordsMileage,
      })),
    ).toEqual([
      // 「首保后0到3天内…回访」 counts from the maintenance itself.
      {
        callIndex: 0,
        channel: 'phone',
        windowStartsAt: '2026-03-02T09:00:00.000Z',
        windowEndsAt: '2026-03-05T09:00:00.000Z',
        recordsMileage: undefined,
      },
      {
        callIndex: 1,
        channel: 'sms',
        windowStartsAt: '2026-06-02T01:00:00.000Z',
        windowEndsAt: '2026-06-03T01:00:00.000Z',
        recordsMileage: undefined,
      },
      {
        callIndex: 2,
        channel: 'phone',
        windowStartsAt: '2026-06-04T01:00:00.000Z',
        windowEndsAt: '2026-06-05T01:00:00.000Z',
        recordsMileage: true,
      },
      // 「第二次致电的日期应保证在零件部门的零件备货期前进行」: 9 to 7 days before the date.
      {
        callIndex: 3,
        channel: 'phone',
        windowStartsAt: '2026-06-06T01:00:00.000Z',
        windowEndsAt: '2026-06-08T01:00:00.000Z',
        recordsMileage: undefined,
      },
    ]);
    expect(calls[1]).toEqual(
      expect.objectContaining({
        windowStart: '-P13D',
        windowEnd: '-P12D',
        before: 'maintenanceDue',
        anchorAt: '2026-06-15T01:00:00.000Z',
        windowLength: 'P1D',
      }),
    );
  });

  it('makes no reminder without the next maintenance date, nor one whose window closed before the maintenance was reported', () => {
    expect(maintenance().calls.map((planned) => planned.callIndex)).toEqual([0]);
    // Due 12 days after: the SMS window (13 to 12 days before) has closed, the calls remain.
    expect(maintenance('2026-03-14T10:00:00+08:00').calls.map((planned) => planned.callIndex)).toEqual([
      0, 2, 3,
    ]);
  });

  it('「30日时提醒客户首次保养等温馨提示」 after a new car is delivered, by SMS', () => {
    const { calls } = callsFor(plans, 'vehicle_delivered', '2026-03-02T17:00:00+08:00');
    expect(calls[2]).toEqual(
      expect.objectContaining({
        channel: 'sms',
        windowStartsAt: '2026-04-01T09:00:00.000Z',
        windowEndsAt: '2026-04-02T09:00:00.000Z',
      }),
    );
  });

  it('keeps one window clock per length of the windows before a date, started when the window opens', () => {
    const rules = followUpDeadlines(plans).filter(
      (rule) => rule.startOn[0]!.startAtField === 'windowStartsAt',
    );
    expect(rules.map((rule) => [rule.startOn[0]!.when, rule.duration])).toEqual([
      [{ field: 'windowLength', in: ['P1D'] }, 'P1D'],
      [{ field: 'windowLength', in: ['P2D'] }, 'P2D'],
    ]);
    expect(rules[0]!.stopOn).toEqual([
      'FollowUpCompleted',
      'FollowUpReminderSent',
      'FollowUpReminderReplied',
    ]);
    expect(rules[0]!.cancelInStates).toEqual(['unreachable', 'failed']);
  });
});
