import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FixedClock } from '../../libs/kernel/index.js';
import { attachDocument } from './attachment-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import { goodwillApplication, majorComplaint } from './goodwill-fixtures.js';

interface View {
  id: string;
  state: string;
  allowedActions: string[];
  delegatedFrom?: { id: string; name?: string; delegationId: string; actions: string[] };
}
interface Delegation {
  id: string;
  status: string;
  delegator: { id: string; roles: string[]; regionId?: string };
  delegate: { id: string; name?: string };
  from: string;
  until: string;
  revoked?: { at: string; by: { id: string }; reason?: string };
}
interface HistoryEntry {
  action: string;
  actor: { id: string; roles: string[] };
  onBehalfOf?: { id: string; name?: string; roles: string[]; delegationId: string };
}
type Problem = { status: number; errors?: { field: string }[]; allowedActions?: string[] };

const NOW = '2026-03-02T09:00:00.000Z';

const director: Caller = {
  sub: 'he.director',
  roles: ['service_director'],
  dealerId: 'D001',
  regionId: 'R01',
};
const rep: Caller = { sub: 'lin.rep', roles: ['oem_aftersales_rep'], regionId: 'R01' };
/** The absent approver: the regional service manager of R01, second signer of goodwill. */
const rsm: Caller = { sub: 'guo.rsm', name: '郭经理', roles: ['regional_service_manager'], regionId: 'R01' };
/** A colleague in R01 without a signing role of their own. */
const deputy: Caller = { sub: 'qin.deputy', name: '秦', roles: ['regional_service_staff'], regionId: 'R01' };
const oemGm: Caller = { sub: 'ma.gm', roles: ['oem_general_manager'] };
const otherRegionStaff: Caller = { sub: 'song.staff', roles: ['regional_service_staff'], regionId: 'R02' };
const otherRegionRsm: Caller = { sub: 'song.rsm', roles: ['regional_service_manager'], regionId: 'R02' };
const otherDealerManager: Caller = {
  sub: 'bai.sm',
  roles: ['service_manager'],
  dealerId: 'D002',
  regionId: 'R02',
};
const auditor: Caller = { sub: 'deng.audit', roles: ['auditor'] };

describe('delegation of approvals over HTTP on the embedded store', () => {
  const clock = new FixedClock(NOW);
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({ clock });
  });
  afterAll(async () => {
    await engine.stop();
  });
  /** Declared in a test; whatever a test left open is revoked after it, so tests never share a delegate. */
  const declared: { by: Caller; id: string }[] = [];
  afterEach(async () => {
    clock.set(NOW);
    for (const { by, id } of declared.splice(0)) await revoke(by, id);
  });

  const declare = (caller: Caller, body: Record<string, unknown>) =>
    engine.request<Delegation & Problem>('POST', '/api/v1/delegations', { caller, body });
  const absence = async (
    caller: Caller,
    delegate: Caller,
    period = { from: '2026-03-02T00:00:00Z', until: '2026-03-09T00:00:00Z' },
  ) => {
    const result = await declare(caller, {
      delegateId: delegate.sub,
      ...(delegate.name !== undefined ? { delegateName: delegate.name } : {}),
      ...period,
      reason: 'annual leave',
    });
    expect(result.status).toBe(201);
    declared.push({ by: caller, id: result.body.id });
    return result.body;
  };
  const revoke = (caller: Caller, id: string, body: unknown = {}) =>
    engine.request<Delegation & Problem>('POST', `/api/v1/delegations/${id}/revocation`, { caller, body });
  const act = (id: string, caller: Caller, action: string, body: unknown = {}) =>
    engine.request<View & Problem>('POST', `/api/v1/goodwill-applications/${id}/actions/${action}`, {
      caller,
      body,
    });
  const ok = async (id: string, caller: Caller, action: string, body: unknown = {}) =>
    expect((await act(id, caller, action, body)).status).toBe(200);
  /** Refused with `status` and nothing recorded. */
  const refused = async (id: string, caller: Caller, action: string, status = 409) => {
    const before = await engine.runtime.store.headPosition();
    expect((await act(id, caller, action)).status).toBe(status);
    expect(await engine.runtime.store.headPosition()).toBe(before);
  };
  const view = (id: string, caller: Caller) =>
    engine.request<View>('GET', `/api/v1/goodwill-applications/${id}`, { caller });
  const inbox = async (caller: Caller) =>
    (await engine.request<{ items: View[] }>('GET', '/api/v1/work-queue', { caller })).body.items;
  const history = async (id: string) =>
    (
      await engine.request<{ events: HistoryEntry[] }>('GET', `/api/v1/goodwill-applications/${id}/history`, {
        caller: rep,
      })
    ).body.events;
  /** A goodwill application (v3) waiting for the regional service manager's signature. */
  const atRegionalManagersTurn = async (): Promise<string> => {
    const created = await engine.request<View>('POST', '/api/v1/goodwill-applications', {
      caller: director,
      body: goodwillApplication(await majorComplaint(engine)),
    });
    expect(created.status).toBe(201);
    await attachDocument(engine, director, 'goodwill-applications', created.body.id, 'waiver-scan');
    await ok(created.body.id, rep, 'confirm-waiver');
    await ok(created.body.id, rep, 'approve');
    return created.body.id;
  };

  it('lets the delegate sign on the absent approver’s turn, recording both people', async () => {
    const delegation = await absence(rsm, deputy);
    expect(delegation).toMatchObject({
      status: 'active',
      delegator: { id: 'guo.rsm', roles: ['regional_service_manager'], regionId: 'R01' },
      delegate: { id: 'qin.deputy', name: '秦' },
    });
    const id = await atRegionalManagersTurn();

    const inInbox = (await inbox(deputy)).find((item) => item.id === id);
    expect(inInbox).toMatchObject({
      allowedActions: expect.arrayContaining(['approve']),
      delegatedFrom: { id: 'guo.rsm', name: '郭经理', delegationId: delegation.id },
    });
    expect((await view(id, deputy)).body.delegatedFrom?.actions).toEqual(
      expect.arrayContaining(['approve', 'reject', 'return']),
    );
    // The approver's own view is unchanged: they may still sign themselves.
    expect((await view(id, rsm)).body.delegatedFrom).toBeUndefined();

    await ok(id, deputy, 'approve', { comment: '代郭经理签字' });
    const signed = (await history(id)).at(-1)!;
    expect(signed).toMatchObject({
      action: 'approve',
      actor: { id: 'qin.deputy' },
      onBehalfOf: {
        id: 'guo.rsm',
        name: '郭经理',
        roles: ['regional_service_manager'],
        delegationId: delegation.id,
      },
    });
    // The chain goes on to the next signer, and the case still verifies event by event.
    expect((await view(id, oemGm)).body.allowedActions).toContain('approve');
    const verification = await engine.request<{ ok: boolean }>(
      'GET',
      `/api/v1/goodwill-applications/${id}/verification`,
      { caller: auditor },
    );
    expect(verification.body.ok).toBe(true);
    await revoke(rsm, delegation.id);
  });

  it('refuses the delegate before and after the period', async () => {
    const delegation = await absence(rsm, deputy, {
      from: '2026-03-10T00:00:00Z',
      until: '2026-03-12T00:00:00Z',
    });
    expect(delegation.status).toBe('scheduled');
    const id = await atRegionalManagersTurn();
    await refused(id, deputy, 'approve');
    expect((await inbox(deputy)).map((item) => item.id)).not.toContain(id);

    clock.set('2026-03-12T00:00:00Z');
    await refused(id, deputy, 'approve');

    clock.set('2026-03-11T23:59:00Z');
    await ok(id, deputy, 'approve');
    await revoke(rsm, delegation.id);
  });

  it('refuses the delegate once the approver revoked the delegation, and revokes only once', async () => {
    const delegation = await absence(rsm, deputy);
    const id = await atRegionalManagersTurn();
    expect((await revoke(deputy, delegation.id)).status).toBe(403);

    const revoked = await revoke(rsm, delegation.id, { reason: 'back early' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      status: 'revoked',
      revoked: { by: { id: 'guo.rsm' }, reason: 'back early' },
    });
    await refused(id, deputy, 'approve');
    expect((await view(id, deputy)).body.delegatedFrom).toBeUndefined();
    expect((await revoke(rsm, delegation.id)).status).toBe(409);
    await ok(id, rsm, 'approve');
  });

  it('never lets a delegate sign twice in one chain', async () => {
    // The rep who signed first is named the regional manager's delegate: one person, one signature.
    const first = await absence(rsm, rep);
    const id = await atRegionalManagersTurn();
    await refused(id, rep, 'approve');
    await revoke(rsm, first.id);

    // The OEM general manager signs for the regional manager, then may not sign again in their own seat.
    const second = await absence(rsm, oemGm);
    const other = await atRegionalManagersTurn();
    await ok(other, oemGm, 'approve');
    await refused(other, oemGm, 'approve');
    await revoke(rsm, second.id);
  });

  it('never lets a delegate approve their own application', async () => {
    const delegation = await absence(rsm, director);
    const id = await atRegionalManagersTurn();
    expect((await view(id, director)).body.delegatedFrom).toBeUndefined();
    await refused(id, director, 'approve');
    await revoke(rsm, delegation.id);
  });

  it('never widens scope: the delegate must see the case on their own, within the approver’s scope', async () => {
    const id = await atRegionalManagersTurn();
    // Delegates who cannot see an R01 case on their own: another region's staff, another dealer's staff.
    for (const delegate of [otherRegionStaff, otherDealerManager]) {
      const delegation = await absence(rsm, delegate);
      expect((await view(id, delegate)).status).toBe(404);
      await refused(id, delegate, 'approve', 404);
      expect((await inbox(delegate)).map((item) => item.id)).not.toContain(id);
      await revoke(rsm, delegation.id);
    }
    // A national delegate of R02's regional manager sees the R01 case, but R02's manager could not sign it.
    const delegation = await absence(otherRegionRsm, oemGm);
    await refused(id, oemGm, 'approve');
    expect((await view(id, oemGm)).body.delegatedFrom).toBeUndefined();
    await revoke(otherRegionRsm, delegation.id);
  });

  it('records the delegation and its revocation in the audit, with who acted for whom', async () => {
    const delegation = await absence(rsm, deputy);
    const id = await atRegionalManagersTurn();
    await ok(id, deputy, 'approve');
    await revoke(rsm, delegation.id, { reason: 'back early' });

    const records = await engine.request<{ items: Record<string, unknown>[] }>(
      'GET',
      `/api/v1/audit/events?caseId=${delegation.id}`,
      { caller: auditor },
    );
    expect(records.body.items).toMatchObject([
      {
        caseType: 'delegation',
        type: 'DelegationDeclared',
        action: 'declare-delegation',
        actor: { id: 'guo.rsm' },
        regionId: 'R01',
      },
      {
        caseType: 'delegation',
        type: 'DelegationRevoked',
        action: 'revoke-delegation',
        actor: { id: 'guo.rsm' },
      },
    ]);
    const acts = await engine.request<{ items: Record<string, unknown>[] }>(
      'GET',
      `/api/v1/audit/events?caseId=${id}&actor=qin.deputy`,
      { caller: auditor },
    );
    expect(acts.body.items).toMatchObject([
      {
        action: 'approve',
        actor: { id: 'qin.deputy' },
        onBehalfOf: { id: 'guo.rsm', delegationId: delegation.id },
      },
    ]);
    const exported = await engine.request<string>('GET', `/api/v1/audit/export?caseId=${delegation.id}`, {
      caller: auditor,
    });
    const lines = exported.body
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as { type: string; streamId: string });
    expect(lines.map((line) => [line.streamId, line.type])).toEqual([
      [`delegation-${delegation.id}`, 'DelegationDeclared'],
      [`delegation-${delegation.id}`, 'DelegationRevoked'],
    ]);
    // Store verification walks the delegation streams too: their hash chains and event order hold.
    const store = await engine.request<unknown>('GET', '/api/v1/audit/verification', { caller: auditor });
    const report = (typeof store.body === 'string' ? store.body : JSON.stringify(store.body))
      .trim()
      .split('\n');
    expect(report).toHaveLength(1);
    expect(JSON.parse(report[0]!)).toMatchObject({ summary: { casesWithProblems: 0 } });
  });

  it('shows a delegation to its two people and auditors only', async () => {
    const delegation = await absence(rsm, deputy);
    for (const caller of [rsm, deputy, auditor]) {
      expect((await engine.request('GET', `/api/v1/delegations/${delegation.id}`, { caller })).status).toBe(
        200,
      );
      const mine = await engine.request<{ items: Delegation[] }>('GET', '/api/v1/delegations', { caller });
      expect(mine.body.items.map((item) => item.id)).toContain(delegation.id);
    }
    expect(
      (await engine.request('GET', `/api/v1/delegations/${delegation.id}`, { caller: rep })).status,
    ).toBe(404);
    const others = await engine.request<{ items: Delegation[] }>('GET', '/api/v1/delegations', {
      caller: rep,
    });
    expect(others.body.items.map((item) => item.id)).not.toContain(delegation.id);
    await revoke(rsm, delegation.id);
  });

  it('refuses a bad declaration with 400 naming the field, and anyone but an approver with 403', async () => {
    const period = { from: '2026-03-02T00:00:00Z', until: '2026-03-09T00:00:00Z' };
    const cases: [Record<string, unknown>, string][] = [
      [{ delegateId: 'guo.rsm', ...period }, 'delegateId'],
      [{ delegateId: 'qin.deputy', from: period.until, until: period.from }, 'until'],
      [{ delegateId: 'qin.deputy', from: period.from, until: '2026-06-01T00:00:00Z' }, 'until'],
      [{ delegateId: 'qin.deputy', from: '2026-02-01T00:00:00Z', until: '2026-03-01T00:00:00Z' }, 'until'],
      [{ delegateId: 'qin.deputy', from: 'next monday', until: period.until }, 'from'],
      [{ ...period }, 'delegateId'],
    ];
    for (const [body, field] of cases) {
      const before = await engine.runtime.store.headPosition();
      const result = await declare(rsm, body);
      expect({ field, status: result.status }).toEqual({ field, status: 400 });
      expect(result.body.errors?.map((error) => error.field)).toContain(field);
      expect(await engine.runtime.store.headPosition()).toBe(before);
    }
    expect((await declare(director, { delegateId: 'qin.deputy', ...period })).status).toBe(403);
    expect((await declare(auditor, { delegateId: 'qin.deputy', ...period })).status).toBe(403);
  });
});
