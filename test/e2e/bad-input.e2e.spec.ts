import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { auditorNational, complaintIntake, customerService } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';
import { goodwillApplication, majorComplaint } from './goodwill-fixtures.js';

interface ProblemBody {
  readonly type: string;
  readonly status: number;
  readonly errors?: readonly { field: string; reason: string }[];
}

/**
 * Sends only the request line and headers of a request announcing a body, and resolves with the head of
 * the answer; rejects when the server waits for the body instead of answering.
 */
function answerBeforeBody(baseUrl: string, head: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${head}\r\n\r\n`));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', reject);
    socket.setTimeout(3000, () => {
      socket.destroy();
      reject(new Error('the server waited for the body instead of answering'));
    });
  });
}

const nested = (depth: number): string => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

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

  it('given a moment written without its offset (a date-time box filled as 2026-02-20T10:00), then 400 naming the field, not_a_date, and no event', async () => {
    const director = {
      sub: 'lin.sd',
      roles: ['service_director' as const],
      dealerId: 'D001',
      regionId: 'R01',
    };
    const complaintId = await majorComplaint(engine);
    // No emergency advance: a waiver signed in February came after none.
    const application = (signedAt: string) =>
      goodwillApplication(complaintId, {
        waiver: { signedAt, documentRef: 'WV-2026-031' },
        emergencyAdvance: undefined,
      });
    const before = await engine.runtime.store.headPosition();
    const refused = await engine.request<ProblemBody & { errors: { field: string; code?: string }[] }>(
      'POST',
      '/api/v1/goodwill-applications',
      { caller: director, body: application('2026-02-20T10:00') },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({ field: 'waiver.signedAt', code: 'not_a_date' }),
    );
    expect(await engine.runtime.store.headPosition()).toBe(before);
    for (const signedAt of ['2026-02-20T10:00+08:00', '2026-02-20T02:00:00Z', '2026-02-20']) {
      const accepted = await engine.request('POST', '/api/v1/goodwill-applications', {
        caller: director,
        body: application(signedAt),
      });
      expect(accepted.status).toBe(201);
    }
  });

  describe('nesting and size are refused before any transformation', () => {
    it('given JSON nested 33 levels deep, then 400 too-deeply-nested naming the body and no event', async () => {
      const before = await engine.runtime.store.headPosition();
      const result = await engine.request<ProblemBody>('POST', '/api/v1/complaints', {
        caller: customerService,
        rawBody: nested(33),
      });
      expect(result.status).toBe(400);
      expect(result.body.type).toMatch(/too-deeply-nested$/);
      expect(result.body.errors).toEqual([{ field: 'body', reason: 'nested deeper than 32 levels' }]);
      expect(await engine.runtime.store.headPosition()).toBe(before);
    });

    it('given JSON nested exactly 32 levels deep, then it is parsed and validated as usual', async () => {
      const result = await engine.request<ProblemBody>('POST', '/api/v1/complaints', {
        caller: customerService,
        rawBody: nested(32),
      });
      expect(result.status).toBe(400);
      expect(result.body.type).toMatch(/validation-failed$/);
    });

    it('given an 800 KB body of nested arrays on any POST, then 400 (not a stack overflow), quickly', async () => {
      const deep = `{"roles":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
      for (const path of ['/api/v1/complaints', '/api/v1/warranty/eligibility']) {
        const started = performance.now();
        const result = await engine.request<ProblemBody>('POST', path, {
          caller: customerService,
          rawBody: deep,
        });
        expect({ path, status: result.status, type: result.body.type }).toEqual({
          path,
          status: 400,
          type: expect.stringMatching(/too-deeply-nested$/),
        });
        expect(performance.now() - started).toBeLessThan(1000);
      }
    });

    it('given the dev sign-in is off, then it answers 403 from the headers alone, without reading the body', async () => {
      const head = await answerBeforeBody(
        engine.baseUrl,
        'POST /api/v1/dev/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 800000',
      );
      expect(head).toMatch(/^HTTP\/1\.1 403/);
      expect(head.toLowerCase()).toContain('content-type: application/problem+json');
    });
  });

  it('given a body without a bearer token on a route that needs one, then 401 from the headers alone', async () => {
    for (const path of [
      '/api/v1/complaints',
      '/api/v1/warranty/eligibility',
      `/api/v1/complaints/${caseId}/actions/verify`,
    ]) {
      const head = await answerBeforeBody(
        engine.baseUrl,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 800000`,
      );
      expect({ path, status: head.slice(0, 12) }).toEqual({ path, status: 'HTTP/1.1 401' });
      expect(head.toLowerCase()).toContain('www-authenticate: bearer');
    }
  });

  describe('bodies must be JSON (415 otherwise)', () => {
    const intake = JSON.stringify(complaintIntake());

    it.each([
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'text/csv',
    ])('given a %s body on a JSON route, then 415 naming Content-Type and no event', async (type) => {
      const before = await engine.runtime.store.headPosition();
      const result = await engine.request<ProblemBody>('POST', '/api/v1/complaints', {
        caller: customerService,
        rawBody: intake,
        headers: { 'content-type': type },
      });
      expect(result.status).toBe(415);
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.body.errors?.[0]?.field).toBe('Content-Type');
      expect(await engine.runtime.store.headPosition()).toBe(before);
    });

    it('given a body without Content-Type, then 415 before the body is read', async () => {
      const token = await engine.token(customerService);
      const head = await answerBeforeBody(
        engine.baseUrl,
        `POST /api/v1/complaints HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Length: 500000`,
      );
      expect(head).toMatch(/^HTTP\/1\.1 415/);
    });

    it.each(['application/json; charset=utf-8', 'Application/JSON', 'application/merge-patch+json'])(
      'given a JSON body sent as %s, then it is accepted',
      async (type) => {
        const result = await engine.request('POST', '/api/v1/complaints', {
          caller: customerService,
          rawBody: intake,
          headers: { 'content-type': type },
        });
        expect(result.status).toBe(201);
      },
    );

    it('given an action without a body and without Content-Type, then it is accepted', async () => {
      const result = await engine.request('POST', `/api/v1/complaints/${caseId}/actions/verify`, {
        caller: customerService,
      });
      expect(result.status).toBe(400); // the action needs a payload: validation, not media type
      expect((result.body as unknown as ProblemBody).type).toMatch(/validation-failed$/);
    });
  });
});

describe('the dev sign-in, when on, still refuses deep bodies before transforming them', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({ env: { AUTH_DEV_TOKENS: 'true' } });
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('given a valid request, then a token', async () => {
    const result = await engine.request<{ token: string }>('POST', '/api/v1/dev/token', {
      body: { sub: 'alice', roles: ['customer_service'], dealerId: 'D001', regionId: 'R01' },
    });
    expect(result.status).toBe(201);
    expect(result.body.token).toMatch(/^ey/);
  });

  it('given a body nested 33 levels deep, then 400 too-deeply-nested', async () => {
    const result = await engine.request<ProblemBody>('POST', '/api/v1/dev/token', { rawBody: nested(33) });
    expect(result.status).toBe(400);
    expect(result.body.type).toMatch(/too-deeply-nested$/);
  });

  it('given an 800 KB body, then 413 from the headers alone, without reading or transforming it', async () => {
    const head = await answerBeforeBody(
      engine.baseUrl,
      'POST /api/v1/dev/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 800000',
    );
    expect(head).toMatch(/^HTTP\/1\.1 413/);
  });

  it('given a chunked body over the route limit, then 413 before it is parsed', async () => {
    const wide = `{"sub":"a","roles":[${Array.from({ length: 2000 }, () => '{"a":1}').join(',')}]}`;
    // A streamed body has no Content-Length: it goes out chunked.
    const response = await fetch(`${engine.baseUrl}/api/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([wide]).stream(),
      duplex: 'half',
    } as RequestInit);
    const result = { status: response.status, body: (await response.json()) as ProblemBody };
    expect(result.status).toBe(413);
    expect(result.body.errors).toEqual([{ field: 'body', reason: 'larger than 4096 bytes' }]);
  });
});
