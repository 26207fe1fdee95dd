import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FixedClock } from '../../libs/kernel/index.js';
import {
  complaintIntake,
  customerService,
  foreignCustomerService,
  serviceAdvisor,
} from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

interface Contact {
  caseType: string;
  caseId: string;
  kind: string;
  occurredAt: string;
  outcome: string | null;
  state: string | null;
  open: boolean;
  dealerId: string;
}
interface CustomerRecord {
  id: string;
  name: string | null;
  phone: string | null;
  class: string | null;
  sensitivity: string[];
  responsible: { id: string; name?: string } | null;
  vehicles: { vin: string; plate: string | null; lastVisitAt: string | null }[];
  history: Contact[];
  openCases: Contact[];
}

const VIN = 'LSVAU2180N2183294';
const regionalRep: Caller = {
  sub: 'liu.rep',
  name: 'liu.rep',
  roles: ['oem_aftersales_rep'],
  regionId: 'R01',
};
const privacyOfficer: Caller = { sub: 'privacy.li', name: 'Li', roles: ['privacy_officer'] };

/**
 * The customer record (客户档案, seed 000): 「内容主要包括客户名称、地址、……联系电话、……历年交易记录、联系记录等」,
 * 「客户档案应由专人负责」, 「要确保某些档案及资料的保密性」.
 */
describe('customer records end to end (seed 000 客户档案)', () => {
  let engine: EngineUnderTest;
  let clock: FixedClock;
  let complaintId: string;
  let serviceEventId: string;
  let followUpId: string;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    clock = engine.clock as FixedClock;
    complaintId = (
      await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake({
          customer: { name: '王建国', phone: '13800138000', class: 'A', sensitive: ['vip'] },
        }),
      })
    ).body.id;
    clock.advance(60 * 60 * 1000);
    const received = await engine.request<{ id: string; followUps: string[] }>(
      'POST',
      '/api/v1/service-events',
      {
        caller: serviceAdvisor,
        body: {
          externalId: 'DMS-RO-1',
          kind: 'repair_completed',
          occurredAt: clock.now().toISOString(),
          vehicle: { vin: VIN, plate: '沪A12345', model: 'Lavida' },
          customer: { name: '王建国', phone: '138 0013 8000', class: 'A' },
        },
      },
    );
    serviceEventId = received.body.id;
    followUpId = received.body.followUps[0]!;
    clock.advance(4 * 24 * 60 * 60 * 1000);
    for (const [action, body] of [
      ['record-attempt', { outcome: 'reached' }],
      ['complete', { satisfaction: 'satisfied' }],
    ] as const) {
      const acted = await engine.request('POST', `/api/v1/follow-ups/${followUpId}/actions/${action}`, {
        caller: customerService,
        body,
      });
      expect(acted.status).toBe(200);
    }
  });
  afterAll(async () => {
    await engine.stop();
  });

  const find = (caller: Caller, query: string) =>
    engine.request<{ items: CustomerRecord[] }>('GET', `/api/v1/customers?${query}`, { caller });

  it('builds one record from a complaint, a service event and its follow-up call, found by VIN and by phone', async () => {
    const byVin = await find(customerService, `vin=${VIN}`);
    expect(byVin.status).toBe(200);
    expect(byVin.body.items).toHaveLength(1);
    const record = byVin.body.items[0]!;
    expect(record).toMatchObject({
      name: '王建国',
      phone: '13800138000',
      class: 'A',
      sensitivity: ['vip'],
      responsible: { id: 'wang.cs' },
      vehicles: [{ vin: VIN, plate: '沪A12345', lastVisitAt: expect.any(String) }],
    });
    expect(record.history.map((contact) => [contact.caseType, contact.caseId, contact.outcome])).toEqual([
      ['follow-up', followUpId, 'satisfied'],
      ['service-event', serviceEventId, null],
      ['complaint', complaintId, null],
    ]);
    expect(record.openCases.map((contact) => contact.caseId)).toEqual([complaintId]);
    const byPhone = await find(customerService, 'phone=%2B86%20138-0013-8000');
    expect(byPhone.body.items.map((found) => found.id)).toEqual([record.id]);
    const one = await engine.request<CustomerRecord>('GET', `/api/v1/customers/${record.id}`, {
      caller: customerService,
    });
    expect(one.body).toEqual(record);
  });

  it('masks name and phone for a role that does not deal with the customer, and a number finds nothing for it', async () => {
    const [clear] = (await find(customerService, `vin=${VIN}`)).body.items;
    const [masked] = (await find(regionalRep, `vin=${VIN}`)).body.items;
    expect([clear?.name, clear?.phone]).toEqual(['王建国', '13800138000']);
    expect([masked?.name, masked?.phone]).toEqual(['王**', '138****8000']);
    expect(masked?.history).toHaveLength(3);
    expect((await find(regionalRep, 'phone=13800138000')).body.items).toEqual([]);
  });

  it('shows another dealer only its own cases of the customer', async () => {
    expect((await find(foreignCustomerService, `vin=${VIN}`)).body.items).toEqual([]);
    const [record] = (await find(customerService, `vin=${VIN}`)).body.items;
    const foreignRead = await engine.request('GET', `/api/v1/customers/${record!.id}`, {
      caller: foreignCustomerService,
    });
    expect(foreignRead.status).toBe(404);
    const visit = await engine.request('POST', '/api/v1/service-events', {
      caller: { ...foreignCustomerService, sub: 'qian.sa', roles: ['service_advisor'] },
      body: {
        externalId: 'D2-RO-1',
        kind: 'maintenance_completed',
        occurredAt: clock.now().toISOString(),
        vehicle: { vin: VIN },
        customer: { name: '王先生', phone: '13800138000' },
      },
    });
    expect(visit.status).toBe(202);
    const [foreign] = (await find(foreignCustomerService, 'phone=13800138000')).body.items;
    expect(foreign).toMatchObject({ id: record!.id, name: '王先生' });
    expect(foreign!.history.map((contact) => contact.dealerId)).toEqual(['D002', 'D002']);
    const [own] = (await find(customerService, `vin=${VIN}`)).body.items;
    expect(own!.name).toBe('王建国');
    expect(own!.history.every((contact) => contact.dealerId === 'D001')).toBe(true);
  });

  it('shows [erased] once the case that gave the name is erased, and still finds the record by the other case’s number', async () => {
    const erased = await engine.request(
      'POST',
      `/api/v1/service-events/${serviceEventId}/personal-data/erasure`,
      {
        caller: privacyOfficer,
        body: { reason: 'customer request, ticket PR-9' },
      },
    );
    expect(erased.status).toBeLessThan(300);
    const [record] = (await find(customerService, 'phone=13800138000')).body.items;
    expect([record?.name, record?.phone]).toEqual(['[erased]', '[erased]']);
  });

  it('answers 400 naming the field for a bad VIN, and 400 without vin or phone', async () => {
    const bad = await find(customerService, 'vin=NOT-A-VIN');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('vin');
    expect((await find(customerService, '')).status).toBe(400);
  });

  it('lists the customer routes in the OpenAPI document', async () => {
    const openapi = await engine.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/customers', '/api/v1/customers/{id}']),
    );
  });
});
