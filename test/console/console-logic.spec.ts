import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ActionSchemas } from '../../apps/console/src/api/action-schemas.js';
import { shortId } from '../../apps/console/src/cases/short-id.js';
import { fieldErrors, initialValue, pruneEmpty } from '../../apps/console/src/cases/form-value.js';
import { expired, readClaims } from '../../apps/console/src/session/claims.js';
import { compliancePeriods } from '../../apps/console/src/sla/compliance-periods.js';
import { hrefOf, parseRoute } from '../../apps/console/src/route.js';
import { issueDevToken } from '../../libs/auth/index.js';
import { EngineUnderTest, TEST_SECRET } from '../e2e/engine-under-test.js';

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
      { page: 'new', resource: 'complaints' },
      { page: 'case', resource: 'goodwill-applications', id: '5c44f230-59ff-454d-b1e2-dc83954be748' },
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

  it('starts required booleans unchecked (false) and required objects empty', () => {
    expect(initialValue(schema)).toEqual({ satisfied: false, customer: {} });
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
