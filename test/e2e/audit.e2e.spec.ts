import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  auditorNational,
  complaintIntake,
  customerService,
  technicalDirector,
} from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

const regionalAuditor: Caller = { sub: 'audit.r02', roles: ['auditor'], regionId: 'R02' };

/** The offline procedure of docs/audit.md, as a third party would run it. */
function verifyExport(jsonl: string): string[] {
  const sort = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sort)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
              .map((key) => [key, sort((value as Record<string, unknown>)[key])]),
          )
        : value;
  const last = new Map<string, string>();
  const problems: string[] = [];
  for (const line of jsonl.split('\n').filter((text) => text.length > 0 && !text.startsWith('{"anchor"'))) {
    const event = JSON.parse(line) as {
      streamId: string;
      revision: number;
      eventId: string;
      type: string;
      data: unknown;
      metadata: Record<string, unknown>;
    };
    const { hash, ...metadata } = event.metadata;
    const content = JSON.stringify(
      sort({
        streamId: event.streamId,
        revision: event.revision,
        eventId: event.eventId,
        type: event.type,
        data: event.data,
        metadata,
      }),
    );
    if (createHash('sha256').update(content).digest('hex') !== hash)
      problems.push(`${event.streamId}@${event.revision} hash`);
    const previous = last.get(event.streamId) ?? (event.revision === 0 ? '0'.repeat(64) : undefined);
    if (previous !== undefined && metadata.prevHash !== previous)
      problems.push(`${event.streamId}@${event.revision} chain`);
    last.set(event.streamId, hash as string);
  }
  return problems;
}

describe('the auditor over HTTP', () => {
  let engine: EngineUnderTest;
  let complaintId: string;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    complaintId = (
      await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      })
    ).body.id;
    await engine.request('POST', `/api/v1/complaints/${complaintId}/actions/verify`, {
      caller: customerService,
      body: { findings: 'confirmed', problemClass: 'technical', judgement: 'defect' },
    });
    await engine.request('POST', `/api/v1/complaints/${complaintId}/actions/propose-resolution`, {
      caller: technicalDirector,
      body: { cause: 'bolt', plan: 'tighten', costHandling: { payer: 'dealer', amountCents: 5_000 } },
    });
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('reads every case and its history, and can change nothing', async () => {
    const view = await engine.request<{ allowedActions: string[] }>(
      'GET',
      `/api/v1/complaints/${complaintId}`,
      { caller: auditorNational },
    );
    expect(view.status).toBe(200);
    expect(view.body.allowedActions).toEqual([]);
    const before = await engine.runtime.store.headPosition();
    for (const action of [
      'verify',
      'dismiss',
      'propose-resolution',
      'record-customer-reply',
      'escalate',
      'close',
      'reopen',
    ]) {
      const attempt = await engine.request('POST', `/api/v1/complaints/${complaintId}/actions/${action}`, {
        caller: auditorNational,
        body: {
          reason: 'audit',
          decision: 'accepted',
          findings: 'x',
          problemClass: 'parts',
          cause: 'c',
          plan: 'p',
        },
      });
      expect({ action, status: attempt.status }).toEqual({ action, status: expect.any(Number) });
      expect(attempt.status).toBeGreaterThanOrEqual(400);
    }
    for (const resource of [
      'complaints',
      'goodwill-applications',
      'preferential-claims',
      'warranty-claims',
    ]) {
      const create = await engine.request('POST', `/api/v1/${resource}`, {
        caller: auditorNational,
        body: {},
      });
      expect(create.status).toBeGreaterThanOrEqual(400);
    }
    expect(await engine.runtime.store.headPosition()).toBe(before);
  });

  it('finds events by actor in the audit index', async () => {
    const result = await engine.request<{
      items: { actor: { id: string }; type: string; fromState: string; toState: string }[];
    }>('GET', `/api/v1/audit/events?actor=${technicalDirector.sub}`, { caller: auditorNational });
    expect(result.status).toBe(200);
    expect(result.body.items.map((item) => [item.type, item.fromState, item.toState])).toEqual([
      ['ComplaintResolutionProposed', 'routed', 'awaiting_customer_reply'],
    ]);
  });

  it('keeps a regional auditor to their region', async () => {
    const result = await engine.request<{ items: unknown[] }>('GET', '/api/v1/audit/events', {
      caller: regionalAuditor,
    });
    expect(result.body.items).toEqual([]);
    expect(
      (await engine.request('GET', `/api/v1/complaints/${complaintId}`, { caller: regionalAuditor })).status,
    ).toBe(404);
  });

  it('refuses the audit index to other roles', async () => {
    expect((await engine.request('GET', '/api/v1/audit/events', { caller: customerService })).status).toBe(
      403,
    );
  });

  it('exports a case as JSON Lines that verify offline, and the index as CSV', async () => {
    const exported = await engine.request<string>('GET', `/api/v1/audit/export?caseId=${complaintId}`, {
      caller: auditorNational,
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const text = typeof exported.body === 'string' ? exported.body : `${JSON.stringify(exported.body)}\n`;
    expect(text.trim().split('\n')).toHaveLength(1 + 3);
    expect(verifyExport(text)).toEqual([]);
    const tampered = text.replace('"findings":"confirmed"', '"findings":"nothing"');
    expect(verifyExport(tampered)).toContain(`complaint-${complaintId}@1 hash`);

    const csv = await engine.request<string>('GET', '/api/v1/audit/export?format=csv', {
      caller: auditorNational,
    });
    expect(String(csv.body).split('\r\n')[0]).toBe(
      'position,occurred_at,case_type,case_id,revision,type,action,actor_id,actor_name,actor_roles,dealer_id,region_id,from_state,to_state,machine_version,hash',
    );
  });

  it('exports with the same filters as the search (actor, dealer, case type, period)', async () => {
    const byDealer = await engine.request<string>('GET', '/api/v1/audit/export?dealerId=D001&format=csv', {
      caller: auditorNational,
    });
    expect(byDealer.status).toBe(200);
    expect(String(byDealer.body).trim().split('\r\n')).toHaveLength(1 + 3);
    const elsewhere = await engine.request<string>('GET', '/api/v1/audit/export?dealerId=D999&format=csv', {
      caller: auditorNational,
    });
    expect(String(elsewhere.body).trim().split('\r\n')).toHaveLength(1);
  });

  it('verifies the whole store', async () => {
    const result = await engine.request<string>('GET', '/api/v1/audit/verification', {
      caller: auditorNational,
    });
    const lines = String(typeof result.body === 'string' ? result.body : JSON.stringify(result.body))
      .trim()
      .split('\n');
    expect(JSON.parse(lines[lines.length - 1]!)).toEqual({
      summary: { cases: 1, events: 3, casesWithProblems: 0, log: expect.objectContaining({ ok: true }) },
    });
  });
});
