import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditorNational, complaintIntake, customerService } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

interface ProblemBody {
  readonly type: string;
  readonly status: number;
  readonly errors?: readonly { field: string; reason: string }[];
}

/** ISO-8601 forms `@IsISO8601` takes but `Date` cannot read as an instant. */
const UNREADABLE_DATES = ['2026-W01', '20260101', '2026-01-01T00Z', '2026-03', '2026-02-30'];

describe('bad input answers 400/415 problem+json naming the field, and leaves the log untouched', () => {
  let engine: EngineUnderTest;
  let caseId: string;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    caseId = (
      await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      })
    ).body.id;
  });
  afterAll(async () => {
    await engine.stop();
  });

  const queries = (date: string): [string, string, string][] => [
    ['createdFrom', `/api/v1/complaints?createdFrom=${date}`, 'customer_service'],
    ['createdTo', `/api/v1/complaints?createdTo=${date}`, 'customer_service'],
    ['asOf', `/api/v1/complaints/{id}?asOf=${date}`, 'customer_service'],
    ['from', `/api/v1/audit/events?from=${date}`, 'auditor'],
    ['to', `/api/v1/audit/export?to=${date}`, 'auditor'],
    ['dueBefore', `/api/v1/sla/deadlines?dueBefore=${date}`, 'customer_service'],
    ['from', `/api/v1/sla/report?from=${date}`, 'customer_service'],
    ['to', `/api/v1/sla/report?to=${date}`, 'customer_service'],
  ];

  it.each(UNREADABLE_DATES)('given the date %s in any query, then 400 naming the parameter', async (date) => {
    for (const [field, path, role] of queries(encodeURIComponent(date))) {
      const result = await engine.request<ProblemBody>('GET', path.replace('{id}', caseId), {
        caller: role === 'auditor' ? auditorNational : customerService,
      });
      expect({ path, status: result.status }).toEqual({ path, status: 400 });
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.body.errors?.map((error) => error.field)).toContain(field);
    }
  });

  it('given readable days and instants in queries, then they filter as before', async () => {
    for (const date of ['2026-03-03', '2026-03-02T10:00:00Z', '2026-03-02T18:00:00.5+08:00']) {
      for (const [, path, role] of queries(encodeURIComponent(date))) {
        const result = await engine.request('GET', path.replace('{id}', caseId), {
          caller: role === 'auditor' ? auditorNational : customerService,
        });
        expect({ path, status: result.status }).toEqual({ path, status: 200 });
      }
    }
  });

  it('given an unreadable date in a command body, then 400 naming the field and no event', async () => {
    const before = await engine.runtime.store.headPosition();
    const result = await engine.request<ProblemBody>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake({ vehicle: { vin: 'LSVAU2180N2183294', invoiceDate: '2024-W20' } }),
    });
    expect(result.status).toBe(400);
    expect(result.body.errors?.map((error) => error.field)).toContain('vehicle.invoiceDate');
    expect(await engine.runtime.store.headPosition()).toBe(before);
  });
});
