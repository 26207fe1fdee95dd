import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textAt, type Actor, type RecordedEvent, type WorkflowModule } from '../kernel/index.js';
import { PersonalDataVault } from '../personal-data/index.js';
import { parseIsoDuration } from '../sla/index.js';
import { PERSONAL_DATA_ERASED } from '../workflow-engine/index.js';
import { CustomerRecordQueries } from './customer-record-queries.js';
import { CustomerRecordsProjection } from './customer-records.projection.js';
import { lapseCutoff } from './lost-customer-sweep.js';
import { PhoneFingerprints } from './phone-fingerprint.js';

/** Two made-up workflows declaring their customer facts as a module does: a visit names customer and car, a call its visit. */
const modules = [
  {
    caseType: 'visit',
    customerFacts: {
      Visited: (data: Readonly<Record<string, unknown>>) => ({
        vin: textAt(data, 'vin'),
        customerName: textAt(data, 'name'),
        customerPhone: textAt(data, 'phone'),
        customerClass: textAt(data, 'class'),
        visit: true,
      }),
    },
  },
  {
    caseType: 'call',
    customerFacts: {
      CallScheduled: (data: Readonly<Record<string, unknown>>) => ({ linkedCaseId: textAt(data, 'visitId') }),
      CallCompleted: (data: Readonly<Record<string, unknown>>) => ({
        outcome: textAt(data, 'satisfaction'),
        responsibleActs: true,
      }),
    },
  },
] as unknown as WorkflowModule[];

const staff: Actor = {
  id: 'wang.cs',
  name: '王',
  roles: ['customer_service'],
  dealerId: 'D001',
  regionId: 'R01',
};
const VIN = 'LSVAU2180N2183294';

describe('customer records (seed 000 「客户档案……内容主要包括客户名称、……联系电话、……历年交易记录、联系记录等」)', () => {
  let dir: string;
  let vault: PersonalDataVault;
  let db: Database.Database;
  let projection: CustomerRecordsProjection;
  let queries: CustomerRecordQueries;
  let position = 0;
  const record = (
    caseType: string,
    caseId: string,
    type: string,
    data: Record<string, unknown>,
    actor = staff,
  ) => {
    position += 1;
    const event: RecordedEvent = {
      eventId: `e${position}`,
      streamId: `${caseType}-${caseId}`,
      revision: 0,
      position,
      type,
      data,
      metadata: {
        caseType,
        caseId,
        actor,
        occurredAt: new Date(Date.UTC(2026, 2, 1, 0, position)).toISOString(),
      },
      recordedAt: new Date().toISOString(),
    };
    projection.apply(db, event);
  };
  const visit = (caseId: string, phone: string, vin = VIN) =>
    record('visit', caseId, 'Visited', {
      vin,
      name: vault.seal(caseId, '王建国'),
      phone: vault.seal(caseId, phone),
      class: 'B',
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'customer-records-'));
    vault = new PersonalDataVault(join(dir, 'personal-data.sqlite'));
    db = new Database(':memory:');
    db.exec('CREATE TABLE cases_list (case_id TEXT PRIMARY KEY, state TEXT, final INTEGER)');
    projection = new CustomerRecordsProjection(modules, vault);
    projection.setup(db);
    queries = new CustomerRecordQueries(db, new PhoneFingerprints(vault));
    await projection.prepare([]);
  });
  afterAll(() => {
    db.close();
    vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given two visits with one number, sealed under two cases’ keys, then one customer, found by the number, with no number or name in clear', async () => {
    visit('v1', '13800138000');
    visit('v2', '13800138000');
    const [found] = await queries.find(staff, { phone: '13800138000' });
    expect(found?.history.map((contact) => contact.caseId)).toEqual(['v2', 'v1']);
    expect(found).toMatchObject({ class: 'B', vehicles: [{ vin: VIN }] });
    const dump = JSON.stringify(
      [
        'customers_records',
        'customers_names',
        'customers_phones',
        'customers_vehicles',
        'customers_contacts',
      ].map((table) => db.prepare(`SELECT * FROM ${table}`).all()),
    );
    expect(dump).not.toContain('13800138000');
    expect(dump).not.toContain('王建国');
    expect(vault.open(found!.phone!)).toBe('13800138000');
  });

  it('given a call scheduled for a visit, then it joins the visit’s customer, and whoever completes it is 专人负责 (「客户档案应由专人负责」)', async () => {
    record('call', 'c1', 'CallScheduled', { visitId: 'v2' });
    record('call', 'c1', 'CallCompleted', { satisfaction: 'satisfied' });
    const [found] = await queries.find(staff, { vin: VIN });
    expect(found?.history[0]).toMatchObject({
      caseId: 'c1',
      caseType: 'call',
      vin: VIN,
      outcome: 'satisfied',
    });
    expect(found?.responsible).toEqual({ id: 'wang.cs', name: '王' });
  });

  it('given another dealer’s reader, then the record is not in their scope (「要确保某些档案及资料的保密性」)', async () => {
    const foreign: Actor = { ...staff, id: 'qian.cs', dealerId: 'D002', regionId: 'R02' };
    expect(await queries.find(foreign, { vin: VIN })).toEqual([]);
  });

  it('given a case’s personal data erased, then its fingerprint is gone and its name no longer opens', async () => {
    visit('v3', '13900139000', 'LFV2A21K7A4000017');
    expect(await queries.find(staff, { phone: '13900139000' })).toHaveLength(1);
    record('personal-data-erasure', 'v3', PERSONAL_DATA_ERASED, {});
    vault.erase('v3');
    expect(await queries.find(staff, { phone: '13900139000' })).toEqual([]);
    const [byVin] = await queries.find(staff, { vin: 'LFV2A21K7A4000017' });
    expect(vault.open(byVin!.name!)).toBe('[erased]');
  });
});

describe('the lost-customer period (seed 004 「3 个月未回站用户」)', () => {
  it('counts months by the calendar: on 2 March, a vehicle last seen on or before 2 December is lost', () => {
    expect(lapseCutoff(new Date('2026-03-02T09:00:00.000Z'), parseIsoDuration('P3M'))).toBe(
      '2025-12-02T09:00:00.000Z',
    );
  });
});
