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
    expect(windows('vehicle_delivered')).toEqual(['P0D/P7D', 'P14D/P21D']);
    expect(windows('maintenance_completed')).toEqual(['P0D/P3D']);
    expect(windows('parts_purchased')).toHaveLength(1);
    expect(windows('technical_upgrade')).toHaveLength(1);
  });

  it('from version 2 calls a lost customer back within half a month: 「流失用户维护回访(3 个月未回站用户,月中完成)」', () => {
    const plan = currentPlan(readFollowUpPlans());
    expect(plan.version).toBe(2);
    expect(plan.triggers.customer_lost).toEqual([
      expect.objectContaining({ windowStart: 'P0D', windowEnd: 'P14D', channel: 'phone' }),
    ]);
    expect(readFollowUpPlans().plans[0]!.triggers.customer_lost).toBeUndefined();
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
});
