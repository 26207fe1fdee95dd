import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { PersonalDataVault } from '../../libs/personal-data/personal-data-vault.js';
import { auditorNational, complaintIntake, customerService } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

interface View {
  id: string;
  data: { customer: { name: string; phone: string; class: string } };
}

describe('personal data: sealed in events, erasable by key, audit chain intact', () => {
  let engine: EngineUnderTest;
  let id: string;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    id = (
      await engine.request<View>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      })
    ).body.id;
  });
  afterAll(async () => {
    await engine.stop();
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

  it('erases them by destroying the key, leaving every event and the verification intact', async () => {
    const vault = (engine.runtime as unknown as { options: { vault: PersonalDataVault } }).options.vault;
    expect(vault.erase(id)).toBe(true);
    const view = await engine.request<View>('GET', `/api/v1/complaints/${id}`, { caller: customerService });
    expect(view.body.data.customer).toMatchObject({ name: '[erased]', phone: '[erased]', class: 'B' });
    const history = await engine.request<{ events: { data: { customer?: { phone: string } } }[] }>(
      'GET',
      `/api/v1/complaints/${id}/history`,
      {
        caller: customerService,
      },
    );
    expect(history.body.events[0]?.data.customer?.phone).toBe('[erased]');
    const verification = await engine.request<{ ok: boolean }>(
      'GET',
      `/api/v1/complaints/${id}/verification`,
      { caller: auditorNational },
    );
    expect(verification.body.ok).toBe(true);
    const exported = await engine.request<string>('GET', `/api/v1/audit/export?caseId=${id}`, {
      caller: auditorNational,
    });
    expect(
      String(typeof exported.body === 'string' ? exported.body : JSON.stringify(exported.body)),
    ).not.toContain('13800138000');
  });
});
