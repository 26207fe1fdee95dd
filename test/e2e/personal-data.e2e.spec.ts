import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { auditorNational, complaintIntake, customerService } from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

interface View {
  id: string;
  data: { customer: { name: string; phone: string; class: string } };
}
interface History {
  events: { data: { customer?: { name: string; phone: string } } }[];
  personalDataErasure: { erasedBy: { id: string }; reason: string; erasedAt: string } | null;
}

const privacyOfficer: Caller = { sub: 'privacy.li', name: 'Li', roles: ['privacy_officer'] };
const regionalPrivacyOfficer: Caller = { sub: 'privacy.r2', roles: ['privacy_officer'], regionId: 'R02' };

describe('personal data: sealed in events, erasable on request, audit chain intact', () => {
  let engine: EngineUnderTest;
  let id: string;
  const eventRows = (): string => {
    const db = new Database(join(engine.directory, 'events.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT * FROM events ORDER BY position').all();
    db.close();
    return JSON.stringify(rows);
  };
  const erase = (caller: Caller, body: unknown, caseId = id) =>
    engine.request<Record<string, unknown>>('POST', `/api/v1/complaints/${caseId}/personal-data/erasure`, {
      caller,
      body,
    });
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    id = (
      await engine.request<View>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
        headers: { 'idempotency-key': 'intake-1' },
      })
    ).body.id;
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('documents the erasure route per resource in the OpenAPI document', async () => {
    const openapi = await engine.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/complaints/{id}/personal-data/erasure']),
    );
  });

  it('never writes the customer’s name or phone into the event log in clear', () => {
    const db = new Database(join(engine.directory, 'events.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT data FROM events').all() as { data: string }[];
    db.close();
    expect(rows.some((row) => row.data.includes('13800138000') || row.data.includes('王建国'))).toBe(false);
  });

  it('shows them to the people who may see them', async () => {
    const view = await engine.request<View>('GET', `/api/v1/complaints/${id}`, { caller: customerService });
    expect(view.body.data.customer).toMatchObject({ name: '王建国', phone: '13800138000', class: 'B' });
  });

  it.each([
    ['customer service', customerService, 403],
    ['an auditor', auditorNational, 403],
    ['a privacy officer of another region', regionalPrivacyOfficer, 404],
  ])('refuses an erasure by %s, leaving every event untouched', async (_who, caller, status) => {
    const before = eventRows();
    const refused = await erase(caller, { reason: 'customer asked' });
    expect(refused.status).toBe(status);
    expect(eventRows()).toBe(before);
  });

  it.each([
    ['without a reason', {}],
    ['with an empty reason', { reason: '' }],
    ['with an unknown field', { reason: 'asked', keep: true }],
  ])('refuses an erasure %s with 400 naming the field', async (_case, body) => {
    const before = eventRows();
    const refused = await erase(privacyOfficer, body);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/reason|keep/);
    expect(eventRows()).toBe(before);
  });

  it('erases on the privacy officer’s request: recorded with who and why, [erased] on every read path at once, no key left in DATA_DIR, verification intact', async () => {
    const vaultFile = new Database(join(engine.directory, 'personal-data.sqlite'), { readonly: true });
    const { key } = vaultFile.prepare('SELECT key FROM subject_keys WHERE subject_id = ?').get(id) as {
      key: Buffer;
    };
    vaultFile.close();

    const erased = await erase(privacyOfficer, { reason: 'customer request 2026-03-02, ticket PR-7' });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      caseType: 'complaint',
      caseId: id,
      erasedBy: { id: 'privacy.li' },
      reason: 'customer request 2026-03-02, ticket PR-7',
    });

    const filesWithKey = readdirSync(engine.directory).filter((file) =>
      readFileSync(join(engine.directory, file)).includes(key),
    );
    expect(filesWithKey).toEqual([]);

    const view = await engine.request<View>('GET', `/api/v1/complaints/${id}`, { caller: customerService });
    expect(view.body.data.customer).toMatchObject({ name: '[erased]', phone: '[erased]', class: 'B' });
    const list = await engine.request<{ items: View[] }>('GET', '/api/v1/complaints', {
      caller: customerService,
    });
    expect(list.body.items.find((item) => item.id === id)?.data.customer.phone).toBe('[erased]');
    const history = await engine.request<History>('GET', `/api/v1/complaints/${id}/history`, {
      caller: customerService,
    });
    expect(history.body.events[0]?.data.customer?.phone).toBe('[erased]');
    expect(history.body.personalDataErasure).toMatchObject({
      erasedBy: { id: 'privacy.li' },
      reason: 'customer request 2026-03-02, ticket PR-7',
    });

    const verification = await engine.request<{ ok: boolean }>(
      'GET',
      `/api/v1/complaints/${id}/verification`,
      {
        caller: auditorNational,
      },
    );
    expect(verification.body.ok).toBe(true);
    const store = await engine.request<unknown>('GET', '/api/v1/audit/verification', {
      caller: auditorNational,
    });
    expect(store.body).toEqual({
      summary: expect.objectContaining({ cases: 2, events: 2, casesWithProblems: 0 }),
    });

    const audit = await engine.request<{ items: { caseType: string; actor: { id: string } }[] }>(
      'GET',
      `/api/v1/audit/events?caseId=${id}`,
      { caller: auditorNational },
    );
    expect(audit.body.items.map((item) => item.caseType)).toEqual(['complaint', 'personal-data-erasure']);
    const exported = await engine.request<string>('GET', `/api/v1/audit/export?caseId=${id}`, {
      caller: auditorNational,
    });
    const text = typeof exported.body === 'string' ? exported.body : JSON.stringify(exported.body);
    expect(text).not.toContain('13800138000');
    expect(text).toContain('PersonalDataErased');
  });

  it('refuses a second erasure of the same case, naming the first', async () => {
    const again = await erase(privacyOfficer, { reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ erasure: { erasedBy: { id: 'privacy.li' } } });
  });

  it('answers a retry of the erased intake with a clear error instead of matching it', async () => {
    const before = eventRows();
    const retry = await engine.request<{ type: string }>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake(),
      headers: { 'idempotency-key': 'intake-1' },
    });
    expect(retry.status).toBe(409);
    expect(retry.body.type).toMatch(/personal-data-erased$/);
    expect(eventRows()).toBe(before);
  });
});
