import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { complaintIntake, customerService, reception } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

interface Problem {
  readonly errors: readonly Record<string, unknown>[];
}

/** API.md "Bad input": each field error carries a stable code and its parameters beside the English reason. */
describe('field errors carry a stable code a client can translate', () => {
  let engine: EngineUnderTest;
  let complaintId: string;

  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    const created = await engine.request('POST', '/api/v1/complaints', {
      caller: reception,
      body: complaintIntake(),
    });
    complaintId = created.body.id as string;
  });
  afterAll(() => engine.stop());

  async function verify(body: unknown) {
    return engine.request<Problem>('POST', `/api/v1/complaints/${complaintId}/actions/verify`, {
      caller: customerService,
      body,
    });
  }

  it('a missing field: one `required` error, not one per rule the absent value would also break', async () => {
    const response = await verify({ problemClass: 'parts' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'findings', reason: 'is required', code: 'required' }]);
  });

  it('a text too long: `too_long` with its `max`', async () => {
    const response = await verify({ findings: 'x'.repeat(4001), problemClass: 'parts' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'findings', code: 'too_long', max: 4000 }),
    ]);
  });

  it('a value outside a list: `one_of` with the `allowed` values', async () => {
    const response = await verify({ findings: '异响来自正时链条', problemClass: 'engine' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        field: 'problemClass',
        code: 'one_of',
        allowed: ['parts', 'technical', 'other'],
      }),
    ]);
  });

  it('a nested field and an unknown field on create: `required` at its path and `unknown_field`', async () => {
    const intake = complaintIntake({ colour: 'red' });
    const customer = { ...(intake.customer as Record<string, unknown>) };
    delete customer.phone;
    const response = await engine.request<Problem>('POST', '/api/v1/complaints', {
      caller: reception,
      body: { ...intake, customer },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'customer.phone', reason: 'is required', code: 'required' },
        expect.objectContaining({ field: 'colour', code: 'unknown_field' }),
      ]),
    );
    expect(response.body.errors).toHaveLength(2);
  });

  it('leaves the case untouched', async () => {
    const history = await engine.request<{ events: unknown[] }>(
      'GET',
      `/api/v1/complaints/${complaintId}/history`,
      { caller: customerService },
    );
    expect(history.body.events).toHaveLength(1);
  });
});

/** Issue #28: what people type is stored in one form, so the same customer is found however it was typed. */
describe('a VIN and a phone are normalised before they are checked and stored', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(() => engine.stop());

  it('stores a lowercase, spaced VIN in capitals and "+86 138 0013 8000" as 13800138000', async () => {
    const intake = complaintIntake();
    const created = await engine.request<{ data: { vehicle: { vin: string } } }>(
      'POST',
      '/api/v1/complaints',
      {
        caller: reception,
        body: {
          ...intake,
          customer: { ...(intake.customer as object), phone: '+86 138 0013 8000' },
          vehicle: { ...(intake.vehicle as object), vin: ' lsvau2180n2183294 ' },
        },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.data.vehicle.vin).toBe('LSVAU2180N2183294');
    const history = await engine.request<{ events: { data: { customer: { phone: string } } }[] }>(
      'GET',
      `/api/v1/complaints/${(created.body as unknown as { id: string }).id}/history`,
      { caller: reception },
    );
    expect(history.body.events[0]!.data.customer.phone).toBe('13800138000');
  });

  it('keeps a landline as typed (less its spaces) and still refuses what is not a phone or a VIN', async () => {
    const intake = complaintIntake();
    const refused = await engine.request<Problem>('POST', '/api/v1/complaints', {
      caller: reception,
      body: {
        ...intake,
        customer: { ...(intake.customer as object), phone: '+1 555 0100' },
        vehicle: { ...(intake.vehicle as object), vin: 'lsvau2180n218329o' },
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error) => error.field).sort()).toEqual(['customer.phone', 'vehicle.vin']);
  });
});
