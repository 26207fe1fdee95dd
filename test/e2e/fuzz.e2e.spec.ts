import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ROLES, type Role } from '../../libs/kernel/index.js';
import { complaintIntake, customerService } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

/** 20,000 in the normal suite (about 25 s); `npm run fuzz` runs 100,000. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 20000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ISO-8601 forms a lax validator takes but `Date` cannot read. */
const UNREADABLE_DATES = ['2026-W01', '20260101', '2026-01-01T00Z', '2026-03', '2026-02-30'];
const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/csv',
  '',
  'application/json; charset=utf-8',
  'application/vnd.api+json',
];
const nested = (depth: number): string => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe(`fuzzing every endpoint with ${REQUESTS} hostile requests (seed ${SEED})`, () => {
  let engine: EngineUnderTest;
  let caseId: string;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({ env: { SLA_SWEEP_INTERVAL: 'PT1H' } });
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

  /** Every column of every event, with the stream, shape and actor it refers to (format 2 numbers them). */
  const STORED_EVENTS = `SELECT e.*, s.stream_id, shape.shape, actor.actor FROM events e
    JOIN streams s ON s.stream_no = e.stream_no JOIN event_shapes shape ON shape.shape_no = e.shape_no
    LEFT JOIN event_actors actor ON actor.actor_no = e.actor_no ORDER BY e.position`;
  function storedEvents(): { count: number; digest: string } {
    const db = new Database(join(engine.directory, 'events.sqlite'), { readonly: true });
    const rows = db.prepare(`${STORED_EVENTS}`).all();
    db.close();
    return { count: rows.length, digest: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
  }
  function digestOfFirst(count: number): string {
    const db = new Database(join(engine.directory, 'events.sqlite'), { readonly: true });
    const rows = db.prepare(`${STORED_EVENTS} LIMIT ?`).all(count);
    db.close();
    return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  }

  it('never answers 5xx, always problem+json on errors, and never changes a stored event', async () => {
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const tokens = [
      ...(await Promise.all(
        ROLES.map((role) =>
          engine.token({
            sub: `fuzz-${role}`,
            roles: [role as Role],
            dealerId: pick(['D001', 'D002']),
            regionId: pick(['R01', 'R02']),
          }),
        ),
      )),
      'garbage',
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      '',
    ];
    const resources = [
      'complaints',
      'goodwill-applications',
      'preferential-claims',
      'warranty-claims',
      'nope',
      '..%2F..',
      '💥',
    ];
    const actions = [
      'verify',
      'approve',
      'sign',
      'settle',
      'submit',
      'close',
      'reopen',
      'record-breach',
      'x'.repeat(300),
      '%00',
      '__proto__',
      'constructor',
    ];
    const values: unknown[] = [
      null,
      true,
      -1,
      1e308,
      Number.MAX_SAFE_INTEGER + 2,
      '',
      'x'.repeat(20_000),
      '王'.repeat(5000),
      '\u0000\u202e<script>alert(1)</script>',
      [],
      [1, 'a', null],
      {},
      { __proto__: { admin: true } },
      { constructor: { prototype: { polluted: 1 } } },
      '2026-13-45',
      ...UNREADABLE_DATES,
      'LSVAU2180N2183294',
    ];
    const randomBody = (): { raw?: string; body?: unknown } => {
      const kind = random();
      if (kind < 0.15)
        return {
          raw: pick([
            '{',
            '{"a":',
            'null',
            '[]',
            '"text"',
            '{"a":1}}',
            '\u0000',
            '{"__proto__":{"x":1}}',
            nested(33),
            nested(5000),
            `{"a":"${'['.repeat(100)}"}`,
          ]),
        };
      if (kind < 0.3) return { body: pick(values) };
      if (kind < 0.45)
        return {
          body: {
            ...complaintIntake(),
            [pick(['channel', 'customer', 'vehicle', 'description', 'extra'])]: pick(values),
          },
        };
      const body: Record<string, unknown> = {};
      const keys = [
        'findings',
        'problemClass',
        'reason',
        'decision',
        'amountCents',
        'paidAmountCents',
        'qualityProblem',
        'satisfied',
        'satisfaction',
        'documents',
        'waiver',
        'vehicle',
        'fault',
        'at',
        'cause',
      ];
      for (let index = 0; index < 1 + Math.floor(random() * 4); index++) body[pick(keys)] = pick(values);
      return { body };
    };
    const paths = () => {
      const resource = pick(resources);
      const id = pick([
        caseId,
        '00000000-0000-4000-8000-000000000000',
        'not-a-uuid',
        '1',
        encodeURIComponent('../etc'),
      ]);
      return pick([
        ['POST', `/api/v1/${resource}`],
        ['POST', `/api/v1/${resource}/${id}/actions/${encodeURIComponent(pick(actions))}`],
        ['GET', `/api/v1/${resource}/${id}`],
        [
          'GET',
          `/api/v1/${resource}/${id}?asOf=${pick(['yesterday', '2026-01-01T00:00:00Z', '9999-99-99', ...UNREADABLE_DATES])}`,
        ],
        ['GET', `/api/v1/${resource}/${id}/history`],
        ['GET', `/api/v1/${resource}/${id}/verification`],
        ['POST', `/api/v1/${resource}/${id}/personal-data/erasure`],
        [
          'POST',
          `/api/v1/${resource}/${id}/attachments?kind=${pick(['invoice', 'selfie', ''])}&fileName=a.pdf`,
        ],
        ['GET', `/api/v1/${resource}/${id}/attachments`],
        [
          'GET',
          `/api/v1/${resource}/${id}/attachments/${pick([`sha256:${'0'.repeat(64)}`, 'x', '..%2F..'])}`,
        ],
        [
          'GET',
          `/api/v1/${resource}?limit=${pick(['0', '-5', '99999', 'abc', '10'])}&cursor=${pick(['', 'zzz', '%FF'])}&overdue=${pick(['yes', 'true'])}`,
        ],
        [
          'GET',
          `/api/v1/${resource}?${pick(['createdFrom', 'createdTo'])}=${pick(['2026-03-01', ...UNREADABLE_DATES])}`,
        ],
        ['GET', `/api/v1/work-queue?limit=${pick(['1', 'x', '1000'])}`],
        [
          'GET',
          `/api/v1/sla/deadlines?status=${pick(['pending', 'bogus'])}&dueBefore=${pick(['x', '2026-01-01', ...UNREADABLE_DATES])}`,
        ],
        [
          'GET',
          `/api/v1/sla/report?groupBy=${pick(['dealer', 'x'])}&${pick(['from', 'to'])}=${pick(['x', '2026-01-01', ...UNREADABLE_DATES])}`,
        ],
        [
          'GET',
          // One case: an export of the whole period would grow with every accepted command.
          `/api/v1/audit/${pick(['events', 'export'])}?caseId=${caseId}&${pick(['from', 'to'])}=${pick(['2026-01-01', ...UNREADABLE_DATES])}`,
        ],
        [
          'GET',
          `/api/v1/audit/events?actor=${pick(['a', 'x'.repeat(500)])}&cursor=${pick(['1', '-1', 'a'])}`,
        ],
        ['GET', `/api/v1/audit/export?caseId=${pick([caseId, 'x'])}&format=${pick(['csv', 'jsonl', 'pdf'])}`],
        ['POST', '/api/v1/warranty/eligibility'],
        ['POST', '/api/v1/dev/token'],
        [pick(['PUT', 'DELETE', 'PATCH']), `/api/v1/${resource}/${id}`],
      ] as const);
    };

    const before = storedEvents();
    let accepted = 0;
    const failures: string[] = [];
    for (let index = 0; index < REQUESTS; index++) {
      const [method, path] = paths();
      const { raw, body } = method === 'GET' || method === 'DELETE' ? {} : randomBody();
      const headers: Record<string, string> = {};
      if (random() < 0.1) headers['if-match'] = pick(['"0"', 'garbage', '"99999999999999999999"']);
      if (random() < 0.1) headers['idempotency-key'] = pick(['k1', 'x'.repeat(200), '\u00e9']);
      if (random() < 0.1) headers['content-type'] = pick(CONTENT_TYPES);
      const token = pick(tokens);
      const result = await engine.request(method, path, {
        ...(token ? { token } : {}),
        ...(raw !== undefined ? { rawBody: raw } : body !== undefined ? { body } : {}),
        headers,
      });
      if (result.status >= 500)
        failures.push(`${method} ${path} → ${result.status} ${JSON.stringify(result.body).slice(0, 200)}`);
      if (
        result.status >= 400 &&
        !(result.headers.get('content-type') ?? '').includes('application/problem+json')
      ) {
        failures.push(`${method} ${path} → ${result.status} not problem+json`);
      }
      if (
        method === 'POST' &&
        result.status >= 200 &&
        result.status < 300 &&
        !path.endsWith('/eligibility') &&
        !path.endsWith('/dev/token')
      ) {
        if (result.headers.get('idempotent-replayed') !== 'true') accepted += 1;
      }
    }
    expect(failures).toEqual([]);
    const after = storedEvents();
    expect(after.count).toBe(before.count + accepted);
    expect(digestOfFirst(before.count)).toBe(before.digest);
  }, 240_000);
});
