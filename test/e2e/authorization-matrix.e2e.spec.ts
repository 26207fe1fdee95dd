import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isDealerRole, ROLES, type Role } from '../../libs/kernel/index.js';
import { authorizationMatrix } from '../../libs/workflow-engine/index.js';
import { attachDocument } from './attachment-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import { majorComplaint } from './goodwill-fixtures.js';

/** Every role in every scope: own dealer / other dealer; own region / other region / national. */
const callers: Caller[] = ROLES.flatMap((role): Caller[] =>
  isDealerRole(role as Role)
    ? [
        { sub: `${role}.own`, roles: [role as Role], dealerId: 'D001', regionId: 'R01' },
        { sub: `${role}.other`, roles: [role as Role], dealerId: 'D002', regionId: 'R02' },
      ]
    : [
        { sub: `${role}.r01`, roles: [role as Role], regionId: 'R01' },
        { sub: `${role}.r02`, roles: [role as Role], regionId: 'R02' },
        { sub: `${role}.national`, roles: [role as Role] },
      ],
);
const inScope = (caller: Caller): boolean =>
  (caller.dealerId ?? 'D001') === 'D001' && (caller.regionId ?? 'R01') === 'R01';
const as = (role: Role): Caller =>
  callers.find(
    (caller) =>
      caller.roles[0] === role && inScope(caller) && (isDealerRole(role) || caller.regionId === 'R01'),
  )!;

interface Step {
  readonly action: string;
  readonly by: Role;
  readonly data?: Record<string, unknown>;
  /** The documents the step needs on the case first (the module's required documents), attached by the opener. */
  readonly documents?: readonly string[];
}

interface Walk {
  readonly resource: string;
  readonly create: Step;
  readonly steps: Step[];
  /** What the opening payload names that must exist first (a case it references). */
  readonly opening?: (engine: EngineUnderTest) => Promise<Record<string, unknown>>;
}

const walks: Record<string, Walk> = {
  complaint: {
    resource: 'complaints',
    create: {
      action: 'create',
      by: 'customer_service',
      data: {
        channel: 'walk_in',
        category: 'delay',
        severity: 'normal',
        customer: { name: '王建国', phone: '13800138000', class: 'B' },
        vehicle: { vin: 'LSVAU2180N2183294' },
        description: 'd',
      },
    },
    steps: [
      {
        action: 'verify',
        by: 'customer_service',
        data: { findings: 'f', problemClass: 'technical', judgement: 'defect' },
      },
      { action: 'escalate', by: 'technical_director', data: { reason: 'needs the manager' } },
      { action: 'take-over', by: 'service_manager' },
      {
        action: 'propose-resolution',
        by: 'service_manager',
        data: { cause: 'c', plan: 'p', costHandling: { payer: 'dealer', amountCents: 1000 } },
      },
      { action: 'record-customer-reply', by: 'service_advisor', data: { decision: 'accepted' } },
      { action: 'receive-repair-order', by: 'service_advisor', data: { internalOrderRef: 'IRO-1' } },
      {
        action: 'pause-clock',
        by: 'service_advisor',
        data: { deadline: 'feedback', reason: 'waiting_for_parts' },
      },
      { action: 'resume-clock', by: 'service_advisor', data: { deadline: 'feedback' } },
      { action: 'report-feedback', by: 'service_advisor', data: { result: 'r' } },
      { action: 'confirm-satisfaction', by: 'customer_service', data: { satisfied: true } },
      { action: 'record-follow-up', by: 'customer_service', data: { satisfaction: 'satisfied' } },
      { action: 'close', by: 'customer_service', data: { rootCause: 'c', preventiveAction: 'p' } },
    ],
  },
  goodwill: {
    resource: 'goodwill-applications',
    create: {
      action: 'create',
      by: 'service_director',
      data: {
        costLines: [{ kind: 'direct', description: 'd', amountCents: 1000 }],
        lossDescription: 'l',
        waiver: { signedAt: '2026-03-01', documentRef: 'w' },
      },
    },
    // v3 settles a major complaint of the dealer (「为了处理重大客户投诉」).
    opening: async (engine) => ({ complaintId: await majorComplaint(engine) }),
    steps: [
      { action: 'confirm-waiver', by: 'oem_aftersales_rep', documents: ['waiver-scan'] },
      { action: 'approve', by: 'oem_aftersales_rep' },
      { action: 'approve', by: 'regional_service_manager' },
      { action: 'approve', by: 'oem_general_manager' },
      { action: 'approve', by: 'product_liability' },
      { action: 'approve', by: 'oem_leadership' },
      { action: 'notify-regional-staff', by: 'product_liability' },
      { action: 'request-settlement-material', by: 'regional_service_staff' },
      { action: 'submit-settlement-material', by: 'service_director', data: { documents: ['invoice.pdf'] } },
      {
        action: 'settle',
        by: 'product_liability',
        data: { paidAmountCents: 1000, reference: 'p' },
        documents: ['settlement-sheet'],
      },
    ],
  },
  'preferential-claim': {
    resource: 'preferential-claims',
    create: {
      action: 'create',
      by: 'service_director',
      data: {
        customerSensitivity: ['vip'],
        vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 },
        faultDescription: 'f',
        cause: 'quality_defect',
      },
    },
    steps: [
      { action: 'verify-vehicle', by: 'field_service_rep', data: { findings: 'f' } },
      {
        action: 'confirm-quality-problem',
        by: 'field_technical_manager',
        data: { qualityProblem: true, notes: 'n' },
      },
      { action: 'confirm-claimable', by: 'field_service_rep', data: { claimable: true } },
      { action: 'fill-form', by: 'service_director', data: { amountCents: 500 } },
      { action: 'sign', by: 'field_technical_manager' },
      { action: 'sign', by: 'field_service_rep' },
      { action: 'audit', by: 'technical_auditor', data: { passed: true, notes: 'n' } },
      { action: 'process', by: 'oem_claims' },
      { action: 'notify-result', by: 'field_technical_manager' },
      { action: 'settle', by: 'oem_claims', data: { paidAmountCents: 500, reference: 'r' } },
    ],
  },
  'warranty-claim': {
    resource: 'warranty-claims',
    create: {
      action: 'create',
      by: 'claims_clerk',
      data: {
        vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2025-09-01', mileageKm: 1000 },
        repairOrderId: 'RO',
        fault: { system: 'engine', description: 'd', partClass: 'base' },
        labour: [{ operationCode: 'TR-VB-01', claimedCents: 100 }],
        parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1, claimedCents: 100 }],
        laborCents: 100,
        partsCents: 100,
        serviceCompletedAt: '2026-03-02T08:00:00.000Z',
      },
    },
    steps: [
      { action: 'determine-quality', by: 'claims_clerk', data: { qualityProblem: true, notes: 'n' } },
      { action: 'submit', by: 'claims_clerk' },
      {
        action: 'ship-old-parts',
        by: 'claims_clerk',
        data: { waybill: 'w', tags: [{ partNo: '0AM-325-065', tag: 't' }] },
      },
      { action: 'receive-old-parts', by: 'oem_claims' },
      {
        action: 'inspect-old-parts',
        by: 'oem_claims',
        data: { partCausedFailure: true, findings: 'f', disposition: 'scrap' },
      },
      { action: 'approve', by: 'oem_claims', data: { approvedCents: 200 } },
      { action: 'pay', by: 'oem_claims', data: { reference: 'r' } },
      {
        action: 'record-callback',
        by: 'oem_claims',
        data: { satisfaction: 'satisfied', customerPaid: false },
      },
    ],
  },
};

describe('the authorization matrix over HTTP on the real store', () => {
  let engine: EngineUnderTest;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
    for (const caller of callers) tokens.set(caller.sub, await engine.token(caller));
  });
  afterAll(async () => {
    await engine.stop();
  });

  it.each(Object.keys(walks))(
    '%s: every role and scope gets exactly what the matrix and the machine allow',
    async (caseType) => {
      const walk = walks[caseType]!;
      const matrix = authorizationMatrix(engine.runtime.registry.latest(caseType));
      const created = await engine.request<{ id: string }>('POST', `/api/v1/${walk.resource}`, {
        caller: as(walk.create.by),
        body: { ...walk.create.data, ...(await walk.opening?.(engine)) },
      });
      expect(created.status).toBe(201);
      const id = created.body.id;
      let requests = 0;
      for (const step of [...walk.steps, undefined]) {
        const view = await engine.request<{ state: string; revision: number }>(
          'GET',
          `/api/v1/${walk.resource}/${id}`,
          { caller: as(walk.create.by) },
        );
        const state = view.body.state;
        const inThisState = matrix.filter((row) => row.state === state);
        for (const caller of callers) {
          const token = tokens.get(caller.sub)!;
          const seen = await engine.request<{ allowedActions: string[] }>(
            'GET',
            `/api/v1/${walk.resource}/${id}`,
            { token },
          );
          requests += 1;
          const visible =
            inScope(caller) || (!isDealerRole(caller.roles[0]!) && caller.regionId === undefined);
          if (!visible) {
            expect({ caller: caller.sub, status: seen.status }).toEqual({ caller: caller.sub, status: 404 });
            continue;
          }
          expect(seen.status).toBe(200);
          // Whatever is offered is in the generated matrix for this state and role…
          for (const action of seen.body.allowedActions) {
            const row = inThisState.find((candidate) => candidate.action === action);
            expect({
              caller: caller.sub,
              state,
              action,
              inMatrix: row?.roles.includes(caller.roles[0]!) ?? false,
            }).toEqual({
              caller: caller.sub,
              state,
              action,
              inMatrix: true,
            });
          }
          // …and every action of the matrix the caller is not offered is refused, changing nothing.
          for (const row of inThisState.filter(
            (candidate) => !seen.body.allowedActions.includes(candidate.action),
          )) {
            if (row.action === 'create' || row.action === 'record-breach') continue;
            const before = await engine.runtime.store.headPosition();
            const refused = await engine.request(
              'POST',
              `/api/v1/${walk.resource}/${id}/actions/${row.action}`,
              { token, body: {} },
            );
            requests += 1;
            expect({
              caller: caller.sub,
              state,
              action: row.action,
              refused: [400, 403, 404, 409].includes(refused.status),
            }).toEqual({
              caller: caller.sub,
              state,
              action: row.action,
              refused: true,
            });
            expect(await engine.runtime.store.headPosition()).toBe(before);
          }
        }
        if (step === undefined) break;
        for (const kind of step.documents ?? [])
          await attachDocument(engine, as(walk.create.by), walk.resource, id, kind);
        const moved = await engine.request('POST', `/api/v1/${walk.resource}/${id}/actions/${step.action}`, {
          caller: as(step.by),
          body: step.data ?? {},
        });
        expect({ step: step.action, status: moved.status }).toEqual({ step: step.action, status: 200 });
      }
      expect(requests).toBeGreaterThan(200);
    },
    120_000,
  );
});
