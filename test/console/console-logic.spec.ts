import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ActionSchemas } from '../../apps/console/src/api/action-schemas.js';
import { ReadYourWrites } from '../../apps/console/src/api/read-your-writes.js';
import { complaintIntake, customerService } from '../e2e/complaint-fixtures.js';
import { isMoneyField, minorUnitsOf, yuanOf } from '../../apps/console/src/cases/money-amount.js';
import { localiseDiagram, pathTaken } from '../../apps/console/src/cases/diagram-labels.js';
import { shortId } from '../../apps/console/src/cases/short-id.js';
import { fieldErrors, initialValue, pruneEmpty } from '../../apps/console/src/cases/form-value.js';
import { codesSaidIn, fieldErrorText } from '../../apps/console/src/i18n/field-error-text.js';
import { FIELD_ERROR_CODES } from '../../libs/command-schema/field-error-codes.js';
import { pagesFor, routeFor } from '../../apps/console/src/session/pages-for-roles.js';
import { customerOf, isMajor } from '../../apps/console/src/cases/case-summary.js';
import { expired, readClaims, tokenProblem } from '../../apps/console/src/session/claims.js';
import { compliancePeriods, spanOf } from '../../apps/console/src/sla/compliance-periods.js';
import { durationText } from '../../apps/console/src/sla/duration-text.js';
import { callsDueToday } from '../../apps/console/src/follow-ups/calls-due-today.js';
import type { CaseView, SlaDeadlineRow } from '../../apps/console/src/api/types.js';
import { hrefOf, parseRoute } from '../../apps/console/src/route.js';
import { issueDevToken } from '../../libs/auth/index.js';
import { EngineUnderTest, TEST_SECRET } from '../e2e/engine-under-test.js';
import {
  eligibilityReasonZh,
  policyVersionZh,
  type ReasonWords,
} from '../../apps/console/src/i18n/eligibility-reason.js';
import { domainZh, fieldZh } from '../../apps/console/src/i18n/messages.js';
import { policyZh, ruleInChinese } from '../../apps/console/src/i18n/workflow-messages.js';
import { evaluateEligibility } from '../../workflows/warranty-claim/eligibility/evaluate-eligibility.js';
import type { EligibilityRequest } from '../../workflows/warranty-claim/eligibility/eligibility-request.js';
import { shippedPolicies } from '../../workflows/warranty-claim/shipped-policies.tool.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('short case ids in lists', () => {
  it('tell apart time-ordered cases opened in the same minute by their random end', () => {
    const first = '01a23086-da18-7be4-a2c6-f0e8c56c4210';
    const second = '01a23086-f3b1-7c02-9d1e-5b7a0c33e981';
    expect(shortId(first)).toBe('c56c4210');
    expect(shortId(second)).not.toBe(shortId(first));
  });

  it('show the beginning of any other id, as before', () => {
    expect(shortId('5c44f230-59ff-454d-b1e2-dc83954be748')).toBe('5c44f230');
  });
});

describe('console routing (the URL fragment)', () => {
  it('reads each page and writes it back the same', () => {
    for (const route of [
      { page: 'work' },
      { page: 'approvals' },
      { page: 'audit' },
      { page: 'sla' },
      { page: 'follow-ups' },
      { page: 'customers' },
      { page: 'reports' },
      { page: 'new', resource: 'complaints' },
      { page: 'case', resource: 'goodwill-applications', id: '5c44f230-59ff-454d-b1e2-dc83954be748' },
      {
        page: 'print',
        resource: 'complaints',
        id: '5c44f230-59ff-454d-b1e2-dc83954be748',
        form: 'registration',
      },
    ] as const) {
      expect(parseRoute(hrefOf(route))).toEqual(route);
    }
  });

  it('falls back to My work for anything it does not know', () => {
    expect(parseRoute('')).toEqual({ page: 'work' });
    expect(parseRoute('#/cases/complaints')).toEqual({ page: 'work' });
    expect(parseRoute('#/elsewhere')).toEqual({ page: 'work' });
  });
});

describe('action forms: values and the server’s field errors', () => {
  const schema = {
    type: 'object',
    required: ['satisfied', 'customer'],
    properties: {
      satisfied: { type: 'boolean' },
      customer: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      notes: { type: 'string' },
    },
  };

  it('leaves required yes/no decisions unset (the user must choose) and starts required objects empty', () => {
    expect(initialValue(schema)).toEqual({ customer: {} });
  });

  it('sends optional fields left blank as absent, not as empty strings', () => {
    expect(
      pruneEmpty({ notes: '', customer: { name: '王', plate: '' }, tags: [], satisfied: false }),
    ).toEqual({
      customer: { name: '王' },
      satisfied: false,
    });
    expect(pruneEmpty({ notes: '' })).toBeUndefined();
  });

  it('puts each reason under its field, array items by index', () => {
    const errors = fieldErrors([
      { field: 'parts[0].partNo', reason: 'must be a part number' },
      { field: 'findings', reason: 'should not be empty' },
      { field: 'findings', reason: 'must be a string' },
    ]);
    expect(errors.get('parts.0.partNo')).toBe('must be a part number');
    expect(errors.get('findings')).toBe('should not be empty; must be a string');
  });
});

describe('signed-in user (claims shown, never trusted)', () => {
  it('reads sub, roles, dealer and region from the token and knows when it expired', async () => {
    const token = await issueDevToken(TEST_SECRET, {
      sub: 'wang.cs',
      roles: ['customer_service'],
      dealerId: 'D001',
      regionId: 'R01',
    });
    const claims = readClaims(token)!;
    expect(claims).toEqual(
      expect.objectContaining({ sub: 'wang.cs', roles: ['customer_service'], dealerId: 'D001' }),
    );
    expect(expired(claims)).toBe(false);
    expect(expired(claims, claims.exp! + 1)).toBe(true);
  });

  it('refuses what is not a JWT with sub and roles', () => {
    expect(readClaims('not-a-token')).toBeNull();
    expect(readClaims(`x.${Buffer.from('{"sub":"a"}').toString('base64url')}.y`)).toBeNull();
  });
});

describe('SLA dashboard periods', () => {
  it('covers the last 8 weeks back to back, the last ending with today', () => {
    const periods = compliancePeriods('weeks', new Date(2026, 10, 30, 15, 0), 'en');
    expect(periods).toHaveLength(8);
    expect(new Date(periods[7]!.to)).toEqual(new Date(2026, 11, 1));
    for (let index = 1; index < periods.length; index++)
      expect(periods[index]!.from).toBe(periods[index - 1]!.to);
    expect(periods[7]!.label).toBe('11/24–11/30');
  });

  it('or the last 14 days', () => {
    const periods = compliancePeriods('days', new Date(2026, 10, 30, 15, 0), 'en');
    expect(periods).toHaveLength(14);
    expect(periods[13]!.label).toBe('11/30');
  });
});

describe('read-your-writes behind a load balancer (X-Min-Position)', () => {
  const answer = (headers: Record<string, string>) => new Headers(headers);

  it('given no command yet, then reads wait for nothing', () => {
    expect(new ReadYourWrites().readHeaders()).toEqual({});
  });

  it('given commands answered at positions 42 then 40, then reads wait for 42; positions on reads change nothing', () => {
    const memory = new ReadYourWrites();
    memory.observe('POST', answer({ 'X-Event-Position': '42' }));
    memory.observe('POST', answer({ 'X-Event-Position': '40' }));
    memory.observe('GET', answer({ 'X-Event-Position': '99' }));
    expect(memory.readHeaders()).toEqual({ 'X-Min-Position': '42' });
  });

  it('given a read answered stale, then later reads stop waiting for a position that node did not reach', () => {
    const memory = new ReadYourWrites();
    memory.observe('POST', answer({ 'X-Event-Position': '42' }));
    memory.observe('GET', answer({ 'X-Read-Models-Stale': 'true' }));
    expect(memory.readHeaders()).toEqual({});
  });

  describe('on the real engine', () => {
    let engine: EngineUnderTest;
    beforeAll(async () => {
      engine = await EngineUnderTest.start();
    });
    afterAll(() => engine.stop());

    it('given a case created, when the console lists with the header it sends, then the node answers fresh and lists the case', async () => {
      const memory = new ReadYourWrites();
      const created = await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      });
      memory.observe('POST', created.headers);
      expect(memory.readHeaders()['X-Min-Position']).toBe(created.headers.get('X-Event-Position'));
      const list = await engine.request<{ items: { id: string }[] }>('GET', '/api/v1/complaints', {
        caller: customerService,
        headers: memory.readHeaders(),
      });
      expect(list.status).toBe(200);
      expect(list.headers.get('X-Read-Models-Stale')).toBeNull();
      expect(list.body.items.map((item) => item.id)).toContain(created.body.id);
    });
  });
});

describe('action forms are built from the engine’s own OpenAPI document', () => {
  let engine: EngineUnderTest;
  let schemas: ActionSchemas;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    schemas = await ActionSchemas.load(engine.baseUrl);
  });
  afterAll(() => engine.stop());

  it('resolves a create body with nested objects inlined', () => {
    const create = schemas.create('complaints')!;
    expect(create.required).toEqual(
      expect.arrayContaining(['channel', 'customer', 'vehicle', 'description']),
    );
    expect(create.properties!.channel!.enum).toContain('walk_in');
    expect(create.properties!.customer!.properties!.phone!.type).toBe('string');
    expect(create.properties!.customer!.$ref).toBeUndefined();
  });

  it("gives each action its own body, and none for an action without a payload's fields", () => {
    const verify = schemas.action('complaints', 'verify')!;
    expect(verify.required).toEqual(expect.arrayContaining(['findings', 'problemClass']));
    expect(verify.properties!.problemClass!.enum).toEqual(['parts', 'technical', 'other']);
    const settle = schemas.action('goodwill-applications', 'settle')!;
    expect(Object.keys(settle.properties!)).toEqual(expect.arrayContaining(['paidAmountCents', 'reference']));
    expect(schemas.action('complaints', 'no-such-action')).toBeNull();
  });
});

describe('field errors in the user’s language, from the stable code (API.md "Bad input")', () => {
  const choice = (value: string) =>
    ({ parts: '备件问题', technical: '技术问题', other: '其他问题' })[value] ?? value;

  it.each([
    [{ field: 'findings', reason: 'is required', code: 'required' }, '必填'],
    [
      {
        field: 'findings',
        reason: 'findings must be shorter than or equal to 4000 characters',
        code: 'too_long',
        max: 4000,
      },
      '最多 4000 字',
    ],
    [
      {
        field: 'problemClass',
        reason: 'problemClass must be one of the following values: parts, technical, other',
        code: 'one_of',
        allowed: ['parts', 'technical', 'other'],
      },
      '请选择：备件问题、技术问题、其他问题',
    ],
    [
      { field: 'mileageKm', reason: 'mileageKm must not be less than 0', code: 'out_of_range', min: 0 },
      '不能小于 0',
    ],
    [{ field: 'x', reason: 'x is odd', code: 'a_code_added_later' }, '填写不正确'],
    [{ field: 'x', reason: 'x is odd' }, '填写不正确'],
  ])('in Chinese: %j → %s (never the English reason)', (error, text) => {
    expect(fieldErrorText(error, 'zh-CN', choice)).toBe(text);
  });

  it('in English from the code too, or the server’s reason when there is no code', () => {
    expect(
      fieldErrorText({ field: 'findings', reason: 'r', code: 'too_long', max: 4000 }, 'en', choice),
    ).toBe('at most 4000 characters');
    expect(fieldErrorText({ field: 'x', reason: 'is odd' }, 'en', choice)).toBe('is odd');
  });

  it('every code the server can send is said in both languages', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      expect(FIELD_ERROR_CODES.filter((code) => !codesSaidIn(language).includes(code))).toEqual([]);
    }
  });

  it('puts each said error under its field, joined when a field has two', () => {
    const errors = fieldErrors(
      [
        { field: 'parts[0].partNo', reason: 'r1', code: 'required' },
        { field: 'parts[0].partNo', reason: 'r2', code: 'too_long', max: 40 },
      ],
      (error) => fieldErrorText(error, 'zh-CN', choice),
    );
    expect(errors.get('parts.0.partNo')).toBe('必填; 最多 40 字');
  });
});

describe('money typed in yuan, sent in minor units (fen)', () => {
  it('sends ¥12,000 as 1200000 and ¥12,000.50 as 1200050', () => {
    expect(minorUnitsOf(12_000)).toBe(1_200_000);
    expect(minorUnitsOf(12_000.5)).toBe(1_200_050);
  });

  it('rounds to the fen, so binary fractions never reach the API', () => {
    expect(minorUnitsOf(0.1 + 0.2)).toBe(30);
    expect(minorUnitsOf(19.99)).toBe(1999);
  });

  it('shows stored minor units in yuan, for the amount fields only', () => {
    expect(yuanOf(1_200_000)).toBe(12_000);
    expect(isMoneyField('amountCents')).toBe(true);
    expect(isMoneyField('mileageKm')).toBe(false);
  });
});

describe('pages by role (issue #28)', () => {
  it('customer service sees My work, the calls due today, customer records, SLA and the reports, never the audit pages or an inbox it cannot sign in', () => {
    expect(pagesFor(['customer_service'])).toEqual(['work', 'follow-ups', 'customers', 'sla', 'reports']);
  });

  it('a signer also has the approvals inbox', () => {
    expect(pagesFor(['oem_aftersales_rep'])).toEqual(['work', 'approvals', 'customers', 'sla', 'reports']);
  });

  it('the auditor lands on the audit page and has no work queue', () => {
    expect(pagesFor(['auditor'])).toEqual(['audit', 'sla', 'reports']);
    expect(routeFor({ page: 'work' }, ['auditor'])).toEqual({ page: 'audit' });
    expect(routeFor({ page: 'audit' }, ['customer_service'])).toEqual({ page: 'work' });
    const casePage = { page: 'case', resource: 'complaints', id: 'x' } as const;
    expect(routeFor(casePage, ['auditor'])).toEqual(casePage);
  });
});

describe('why a token is refused before it is used', () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  it('says "invalid" for what is not a JWT with sub and roles, "expired" past its exp', () => {
    expect(tokenProblem('not-a-token')).toBe('invalid');
    expect(tokenProblem(jwt({ sub: 'a' }))).toBe('invalid');
    expect(tokenProblem(jwt({ sub: 'a', roles: ['auditor'], exp: 100 }), 200)).toBe('expired');
    expect(tokenProblem(jwt({ sub: 'a', roles: ['auditor'], exp: 300 }), 200)).toBeNull();
  });
});

describe('work-queue rows name the customer and mark a major complaint', () => {
  it('reads both from the case data', () => {
    const major = { data: { major: true, customer: { name: '王建国' } } };
    expect(isMajor(major)).toBe(true);
    expect(customerOf(major)).toBe('王建国');
    expect(isMajor({ data: { severity: 'normal', major: false } })).toBe(false);
    expect(customerOf({ data: { amountCents: 1 } })).toBeUndefined();
  });
});

describe('the SLA totals table counts the span the charts show', () => {
  it('spans from the first chart period to the last, so both use one definition and agree', () => {
    const periods = compliancePeriods('weeks', new Date(2026, 2, 11, 15), 'zh-CN');
    expect(spanOf(periods)).toEqual({ from: periods[0]!.from, to: periods[7]!.to });
    expect(new Date(spanOf(periods).to).getTime() - new Date(spanOf(periods).from).getTime()).toBe(
      56 * 86_400_000,
    );
  });
});

describe('the workflow diagram in words, with the path taken', () => {
  const diagram = [
    'stateDiagram-v2',
    '  [*] --> received: create',
    '  received --> routed: verify',
    '  satisfaction_recorded --> awaiting_follow_up: [customerSatisfied]',
    '  satisfaction_recorded --> routed: [otherwise]',
    '  closed --> [*]',
  ].join('\n');
  const term = (id: string) =>
    ({ received: '已受理', routed: '已分派', verify: '核实', create: '新建' })[id] ?? id;
  const condition = (guard: string) => ({ customerSatisfied: '客户满意', otherwise: '否则' })[guard] ?? guard;

  it('labels every state and edge in the user’s language and keeps the ids for highlighting', () => {
    const text = localiseDiagram(diagram, term, condition);
    expect(text).toContain('state "已受理" as received');
    expect(text).toContain('received --> routed: 核实');
    expect(text).toContain('satisfaction_recorded --> awaiting_follow_up: [客户满意]');
    expect(text).toContain('satisfaction_recorded --> routed: [否则]');
    expect(text.split('\n')[0]).toBe('stateDiagram-v2');
  });

  it('marks the states passed through, ignoring ids the diagram does not have', () => {
    expect(pathTaken(diagram, ['received', 'routed', 'received', 'gone'])).toContain(
      'class received,routed visited',
    );
    expect(pathTaken(diagram, [])).toBe(diagram);
  });
});

describe('how long a paused clock stood still, in words', () => {
  const units = { days: '天', hours: '小时', minutes: '分钟', underMinute: '不到 1 分钟' };

  it('says the largest unit and the one below it, a zero part left out, never seconds', () => {
    expect(durationText(2 * 86_400 + 3 * 3600 + 59, units)).toBe('2 天 3 小时');
    expect(durationText(86_400 + 25 * 60, units)).toBe('1 天');
    expect(durationText(3 * 3600 + 5 * 60, units)).toBe('3 小时 5 分钟');
    expect(durationText(45 * 60 + 30, units)).toBe('45 分钟');
  });

  it('says "under a minute" for a pause just begun, not zero minutes', () => {
    expect(durationText(0, units)).toBe('不到 1 分钟');
    expect(durationText(59, units)).toBe('不到 1 分钟');
  });
});

describe('今日回访: which follow-up calls are due today', () => {
  const now = new Date('2026-03-10T02:00:00Z');
  const endOfToday = new Date('2026-03-10T16:00:00Z');
  const call = (id: string, state: string, windowStartsAt: string, windowEndsAt: string): CaseView => ({
    id,
    type: 'follow-up',
    machineVersion: 1,
    state,
    revision: 1,
    dealerId: 'D001',
    regionId: 'R01',
    data: { windowStartsAt, windowEndsAt },
    assignedRole: 'customer_service',
    deadlines: [],
    createdAt: windowStartsAt,
    updatedAt: windowStartsAt,
  });
  const window = (caseId: string, dueAt: string, status: 'pending' | 'breached'): SlaDeadlineRow => ({
    caseType: 'follow-up',
    caseId,
    dealerId: 'D001',
    kind: 'window',
    dueAt,
    status,
    breachedAt: null,
  });

  it('lists missed calls first, then windows closing today, then open ones; a window not yet open waits', () => {
    const calls = callsDueToday(
      [
        call('open', 'scheduled', '2026-03-08T00:00:00Z', '2026-03-12T00:00:00Z'),
        call('closes-today', 'scheduled', '2026-03-06T00:00:00Z', '2026-03-10T09:00:00Z'),
        call('not-yet', 'scheduled', '2026-03-11T00:00:00Z', '2026-03-15T00:00:00Z'),
        call('past-due', 'scheduled', '2026-03-01T00:00:00Z', '2026-03-09T00:00:00Z'),
      ],
      [call('missed', 'missed', '2026-02-20T00:00:00Z', '2026-02-27T00:00:00Z')],
      [window('closes-today', '2026-03-10T09:00:00Z', 'pending')],
      now,
      endOfToday,
    );
    expect(calls.map((item) => [item.view.id, item.urgency])).toEqual([
      ['missed', 'overdue'],
      ['past-due', 'overdue'],
      ['closes-today', 'due-today'],
      ['open', 'open'],
    ]);
  });

  it('counts a window the sweeper already breached as overdue', () => {
    const [only] = callsDueToday(
      [call('late', 'scheduled', '2026-03-05T00:00:00Z', '2026-03-12T00:00:00Z')],
      [],
      [window('late', '2026-03-10T01:00:00Z', 'breached')],
      now,
      endOfToday,
    );
    expect(only?.urgency).toBe('overdue');
  });

  it('leaves out the SMS and e-mail reminders the gateway delivers (nobody assigned): 「发送手机短信、电子邮件」 is not a call', () => {
    const reminder = {
      ...call('sms', 'scheduled', '2026-03-09T00:00:00Z', '2026-03-11T00:00:00Z'),
      assignedRole: null,
    };
    const missedReminder = { ...reminder, id: 'missed-sms', state: 'missed' };
    const calls = callsDueToday(
      [reminder, call('phone', 'scheduled', '2026-03-09T00:00:00Z', '2026-03-11T00:00:00Z')],
      [missedReminder],
      [],
      now,
      endOfToday,
    );
    expect(calls.map((item) => item.view.id)).toEqual(['phone']);
  });
});

describe('eligibility reasons in Chinese: the rule in words and what this claim made of it (issue #28)', () => {
  const words: ReasonWords = {
    rule: ruleInChinese,
    choice: (id) => domainZh[id] ?? id,
    money: (cents) => `¥${(cents / 100).toFixed(2)}`,
    seeRule: '见规则',
  };
  const policies = shippedPolicies();
  /** A private car invoiced 2023-03-01, 150,000 yuan, a base-part engine fault (the unit spec's car). */
  const claim = (overrides: Partial<EligibilityRequest> & { at: string }): EligibilityRequest => ({
    mileageKm: 1000,
    ...overrides,
    vehicle: {
      vin: 'LSVAU2180N2183294',
      use: 'private',
      invoiceDate: '2023-03-01',
      priceCents: 15_000_000,
      ...overrides.vehicle,
    },
    fault: { system: 'engine', partClass: 'base', ...overrides.fault },
  });
  const repairs = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      system: 'engine',
      problemKey: 'P-0001',
      startedAt: `2023-0${4 + index}-01T08:00:00Z`,
      completedAt: `2023-0${4 + index}-02T08:00:00Z`,
    }));
  const decisions = [
    claim({ at: '2024-05-01' }),
    // Out of every period, by date and by kilometres: each rule says why it does not apply.
    claim({ at: '2028-06-01', mileageKm: 130_000, vehicle: { invoiceDate: '2019-01-15' } as never }),
    claim({ at: '2028-06-01', mileageKm: 130_000, customer: { sensitive: ['media'] } }),
    claim({ at: '2024-05-01', mileageKm: 130_000 }),
    claim({ at: '2024-05-01', vehicle: { use: 'taxi' } as never }),
    claim({ at: '2024-05-01', vehicle: { use: 'taxi', originalUse: 'private' } as never }),
    // The fifth repair of one problem: replacement or return, with the usage compensation worked out.
    claim({
      at: '2023-09-01',
      mileageKm: 20_000,
      fault: { system: 'engine', problemKey: 'P-0001' },
      history: { repairs: repairs(4) },
    }),
    claim({
      at: '2026-03-01',
      parts: [
        { partNo: '0AM-325-065', class: 'base', installedAt: '2026-01-10', boughtAtAuthorizedDealer: false },
        { partNo: '0AM-325-066', class: 'base', installedAt: '2024-01-10', boughtAtAuthorizedDealer: true },
      ],
    }),
    claim({ at: '2024-05-01', fault: { system: 'brakes', partClass: 'wear' } }),
  ].map((request) => evaluateEligibility(policies, request));
  // The reasons the released workflows recorded in their golden streams, too.
  const golden = readdirSync('workflows', { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.jsonl') && path.includes('golden'))
    .flatMap((path) => [...readFileSync(join('workflows', path), 'utf8').matchAll(/"reasons":(\[[^\]]*\])/g)])
    .flatMap((match) => JSON.parse(match[1]!) as { ruleId: string; text: string }[]);
  const reasons = [...decisions.flatMap((decision) => decision.reasons), ...golden];

  it('says every reason without an English word, each rule by its Chinese text', () => {
    expect(golden.length).toBeGreaterThan(0);
    const english = reasons
      .map((reason) => ({ ...reason, zh: eligibilityReasonZh(reason.ruleId, reason.text, words) }))
      // Ids stay as they are (part numbers, problem keys, rule ids), and acronyms (VIP), and the formula's n.
      .filter(({ zh }) => /[a-z]{2,}/.test(zh.replace(/[A-Z0-9]+(-[A-Za-z0-9]+)+/g, '')));
    expect(english).toEqual([]);
    expect(
      reasons.filter((reason) => eligibilityReasonZh(reason.ruleId, reason.text, words).includes('见规则')),
    ).toEqual([]);
  });

  it('keeps what the claim made of each rule: why it does not apply, the dates, the use, the counts, the compensation', () => {
    const said = (pattern: RegExp) =>
      reasons
        .filter((reason) => pattern.test(reason.text))
        .map((reason) => eligibilityReasonZh(reason.ruleId, reason.text, words));
    const lapsed = said(/ — does not apply: /);
    expect(lapsed.length).toBeGreaterThan(3);
    // A rule that does not apply never reads as one that does.
    for (const zh of lapsed)
      expect(zh).toMatch(/——不适用：(期限已于 \d{4}-\d{2}-\d{2} 届满|已行驶|零件|三包凭证|期限自)/);
    expect(lapsed).toContainEqual(expect.stringContaining('已行驶 130000 公里，超过 60000 公里的限额'));
    expect(lapsed).toContainEqual(expect.stringContaining('零件 0AM-325-065 不是在授权经销商处购买并安装的'));
    expect(lapsed).toContainEqual(expect.stringMatching(/零件 0AM-325-066：期限已于 \d{4}-\d{2}-\d{2} 届满/));
    expect(lapsed).toContainEqual(expect.stringContaining('三包凭证未列明该零件的期限'));
    expect(said(/: \d{4}-\d{2}-\d{2}$/)).toContainEqual(expect.stringContaining('本车起算日：2023-03-01'));
    expect(said(/vehicle use when sold/)).toContainEqual(expect.stringContaining('本车销售时用途：出租车'));
    expect(said(/^SB-RET-04b: /)).toEqual([
      expect.stringContaining('（计数：同一问题（P-0001）第 5 次修理）'),
    ]);
    expect(said(/ cents$/)).toEqual([
      expect.stringMatching(/本案：¥150000\.00 × 20000 公里 \/ 1000 × [\d.]+ = ¥[\d.]+/),
    ]);
    // The shipped OEM warranty has no start: this reason needs a policy set with a gap (evaluate-eligibility.ts).
    expect(eligibilityReasonZh('NONE', 'No warranty policy is in force on 2011-06-01', words)).toBe(
      '2011-06-01 没有生效的保修政策',
    );
    expect(said(/^No warranty, three-guarantees/)[0]).toBe(
      '按此日期和里程，厂家保修、三包和优惠索赔均不适用',
    );
  });

  it('says each rule as the rules its text cites state it: a 2021 claim never reads the 2013 figures', () => {
    // Every clause of the shipped policies, as a reason quotes it.
    const clauses: { ruleId: string; text: string }[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        if (typeof record.ruleId === 'string' && typeof record.text === 'string')
          clauses.push({ ruleId: record.ruleId, text: record.text });
        Object.values(record).forEach(walk);
      }
    };
    for (const file of readdirSync('workflows/warranty-claim/policies'))
      walk(JSON.parse(readFileSync(join('workflows/warranty-claim/policies', file), 'utf8')));
    const cited = clauses
      .map((clause) => ({ ...clause, year: /\((\d{4}) Art\./.exec(clause.text)?.[1] }))
      .filter((clause) => clause.year !== undefined);
    expect(cited.length).toBeGreaterThan(20);
    const wrongYear = cited
      .map((clause) => ({ ...clause, zh: eligibilityReasonZh(clause.ruleId, clause.text, words) }))
      .filter((clause) => !clause.zh.includes(`${clause.year} 年规定`));
    expect(wrongYear).toEqual([]);
    const fifthRepair = cited.find((clause) => clause.ruleId === 'SB-RET-04b' && clause.year === '2021')!;
    expect(eligibilityReasonZh(fifthRepair.ruleId, fifthRepair.text, words)).toContain('超过 4 次');
  });

  it('names every flag and coverage kind in Chinese, and the policy versions by name', () => {
    const ids = decisions.flatMap((decision) => [
      ...decision.flags,
      ...decision.coverage.map((coverage) => coverage.kind),
    ]);
    expect(ids).toContain('statutory_out_of_scope');
    expect(ids.filter((id) => domainZh[id] === undefined)).toEqual([]);
    const versions = decisions.map((decision) => policyVersionZh(decision.policyVersion, policyZh));
    expect(versions).toContain(
      '家用汽车产品修理、更换、退货责任规定（三包）（2021 年版）；厂家质量保修政策（第 1 版）',
    );
    expect(versions.filter((version) => /[A-Za-z]/.test(version))).toEqual([]);
  });

  it('names nested fields by their path where the leaf alone says too little', () => {
    expect(fieldZh['waiver.signedAt']).toBe('免责协议签署时间');
    expect(fieldZh['costLines.kind']).toBe('费用类型');
    expect(fieldZh['parts.class']).not.toBe(fieldZh['customer.class']);
  });
});
