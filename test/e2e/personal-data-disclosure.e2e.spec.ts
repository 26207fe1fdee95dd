import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CUSTOMER_FACING_ROLES } from '../../libs/auth/index.js';
import { DEALER_ROLES, ROLES, isDealerRole, type Role } from '../../libs/kernel/index.js';
import { complaintIntake, customerService } from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';

interface Customer {
  name: string;
  phone: string;
  class: string;
}
interface CaseData {
  id: string;
  data: { customer?: Customer };
}

const CLEAR = { name: '王建国', phone: '13800138000', class: 'B' };
const MASKED = { name: '王**', phone: '138****8000', class: 'B' };

/** Every role, as a member of the case's dealer (dealer roles) or national (every other role). */
function callerFor(role: Role): Caller {
  return isDealerRole(role)
    ? { sub: `matrix.${role}`, roles: [role], dealerId: 'D001', regionId: 'R01' }
    : { sub: `matrix.${role}`, roles: [role] };
}

/** Each read path that answers with a case's data, reduced to the customer it shows for this case. */
const READ_PATHS: Record<
  string,
  (engine: EngineUnderTest, caller: Caller, id: string) => Promise<Customer[]>
> = {
  list: async (engine, caller, id) => {
    const page = await engine.request<{ items: CaseData[] }>('GET', '/api/v1/complaints?limit=200', {
      caller,
    });
    return customersOf(page.body.items.filter((item) => item.id === id));
  },
  detail: async (engine, caller, id) => {
    const view = await engine.request<CaseData>('GET', `/api/v1/complaints/${id}`, { caller });
    return customersOf([view.body]);
  },
  'as-of': async (engine, caller, id) => {
    const at = engine.clock.now().toISOString();
    const view = await engine.request<CaseData>('GET', `/api/v1/complaints/${id}?asOf=${at}`, { caller });
    return customersOf([view.body]);
  },
  history: async (engine, caller, id) => {
    const history = await engine.request<{ events: { data: { customer?: Customer } }[] }>(
      'GET',
      `/api/v1/complaints/${id}/history`,
      { caller },
    );
    return customersOf(history.body.events);
  },
  'work queue': async (engine, caller, id) => {
    const queue = await engine.request<{ items: CaseData[] }>('GET', '/api/v1/work-queue?limit=200', {
      caller,
    });
    return customersOf(queue.body.items.filter((item) => item.id === id));
  },
};

function customersOf(items: readonly { data: { customer?: Customer } }[]): Customer[] {
  return items.flatMap((item) => (item.data.customer !== undefined ? [item.data.customer] : []));
}

describe('personal data: one disclosure rule for every role on every read path', () => {
  let engine: EngineUnderTest;
  let id: string;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    const created = await engine.request<CaseData>('POST', '/api/v1/complaints', {
      caller: customerService,
      body: complaintIntake(),
    });
    id = created.body.id;
  });
  afterAll(async () => {
    await engine.stop();
  });

  const matrix = ROLES.flatMap((role) =>
    Object.keys(READ_PATHS).map((path) => [role, path, CUSTOMER_FACING_ROLES.includes(role)] as const),
  );

  it.each(matrix)(
    'given a complaint, %s reading it by %s sees the customer in clear: %s',
    async (role, path, clear) => {
      const customers = await READ_PATHS[path]!(engine, callerFor(role), id);
      for (const customer of customers) expect(customer).toMatchObject(clear ? CLEAR : MASKED);
      // Detail, as-of and history answer every role that may see the case; the list and the queue only
      // show it to those who may see (list) or act on (queue) it.
      if (path === 'detail' || path === 'as-of' || path === 'history')
        expect(customers.length).toBeGreaterThan(0);
    },
  );

  it.each(ROLES)('given a complaint, %s exporting it never gets the name or phone in clear', async (role) => {
    for (const format of ['jsonl', 'csv']) {
      const exported = await engine.request<unknown>(
        'GET',
        `/api/v1/audit/export?caseId=${id}&format=${format}`,
        {
          caller: callerFor(role),
        },
      );
      const text = typeof exported.body === 'string' ? exported.body : JSON.stringify(exported.body);
      expect(exported.status).toBe(role === 'auditor' ? 200 : 403);
      expect(text).not.toContain(CLEAR.phone);
      expect(text).not.toContain(CLEAR.name);
    }
  });

  it('shows the customer in the work queue of the customer-facing role whose turn it is', async () => {
    const customers = await READ_PATHS['work queue']!(engine, callerFor('customer_service'), id);
    expect(customers).toEqual([expect.objectContaining(CLEAR)]);
  });

  it('masks another dealer’s customers for a token that also holds an OEM role', async () => {
    // D003 is in the case's region (R01) in the dealer directory, so the OEM role sees the case.
    const caller: Caller = { sub: 'two.hats', roles: ['customer_service', 'oem_claims'], dealerId: 'D003' };
    for (const path of Object.keys(READ_PATHS)) {
      for (const customer of await READ_PATHS[path]!(engine, caller, id))
        expect(customer).toMatchObject(MASKED);
    }
  });

  it('covers every dealer role and every other role', () => {
    expect(matrix.length).toBe(ROLES.length * Object.keys(READ_PATHS).length);
    expect(DEALER_ROLES.some((role) => !CUSTOMER_FACING_ROLES.includes(role))).toBe(true);
  });
});
