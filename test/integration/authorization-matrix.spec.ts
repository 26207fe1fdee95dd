import { describe, expect, it } from '@jest/globals';
import { transition } from 'xstate';
import { registeredWorkflowRegistry } from '../fixtures/registered-workflow-registry.js';
import {
  isDealerRole,
  ROLES,
  SYSTEM_ACTOR,
  TransitionNotAllowedError,
  ValidationFailedError,
  type Actor,
  type RecordedEvent,
  type Role,
  type WorkflowDefinition,
} from '../../libs/kernel/index.js';
import {
  allowedActions,
  authorizationMatrix,
  currentStateName,
  decide,
  decodeCaseState,
  encodeCaseState,
  evolve,
  initialSnapshot,
  toCaseEvent,
  type CaseState,
} from '../../libs/workflow-engine/index.js';

const CASE_ID = '00000000-0000-4000-8000-00000000abcd';
/** A major complaint of the dealer, as the engine would summarize it for a goodwill application (v3). */
const COMPLAINT_ID = '00000000-0000-4000-8000-00000000c0c0';
const REFERENCED = { complaintId: { major: true, state: 'awaiting_resolution' } };
const AT = '2026-03-02T09:00:00.000Z';

/** Payloads that drive every branch; the machines' guards never read them, the branches do. */
const SAMPLES: Record<string, Record<string, unknown>[]> = {
  create: [
    {
      channel: 'walk_in',
      category: 'delay',
      severity: 'normal',
      customer: { name: 'n', phone: '13800138000', class: 'A', sensitive: [] },
      vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2025-09-01', mileageKm: 1000 },
      description: 'd',
      complaintId: COMPLAINT_ID,
      costLines: [{ kind: 'direct', description: 'd', amountCents: 1000 }],
      lossDescription: 'l',
      waiver: { signedAt: '2026-03-01', documentRef: 'w' },
      customerSensitivity: ['vip'],
      faultDescription: 'f',
      cause: 'quality_defect',
      repairOrderId: 'RO',
      fault: { system: 'engine', description: 'd', partClass: 'base' },
      labour: [{ operationCode: 'TR-VB-01', claimedCents: 100 }],
      parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1, claimedCents: 100 }],
      laborCents: 100,
      partsCents: 100,
      serviceCompletedAt: AT,
    },
    // Out of warranty: a preferential claim opens only for such a vehicle.
    {
      channel: 'walk_in',
      category: 'delay',
      severity: 'normal',
      customer: { name: 'n', phone: '13800138000', class: 'A', sensitive: [] },
      vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 },
      description: 'd',
      complaintId: COMPLAINT_ID,
      costLines: [{ kind: 'direct', description: 'd', amountCents: 1000 }],
      lossDescription: 'l',
      waiver: { signedAt: '2026-03-01', documentRef: 'w' },
      customerSensitivity: ['vip'],
      faultDescription: 'f',
      cause: 'quality_defect',
      repairOrderId: 'RO',
      fault: { system: 'engine', description: 'd', partClass: 'base' },
      labour: [{ operationCode: 'TR-VB-01', claimedCents: 100 }],
      parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1, claimedCents: 100 }],
      laborCents: 100,
      partsCents: 100,
      serviceCompletedAt: AT,
    },
  ],
  verify: [{ findings: 'f', problemClass: 'technical', judgement: 'defect' }],
  'propose-resolution': [{ cause: 'c', plan: 'p', costHandling: { payer: 'dealer', amountCents: 100 } }],
  dismiss: [{ reason: 'r', customerReply: 'told' }],
  close: [{ rootCause: 'c', preventiveAction: 'p' }],
  'receive-repair-order': [{ internalOrderRef: 'IRO' }],
  'pause-clock': [
    { deadline: 'feedback', reason: 'waiting_for_parts' },
    { deadline: 'take-over', reason: 'waiting_for_oem' },
  ],
  'resume-clock': [{ deadline: 'feedback' }, { deadline: 'take-over' }],
  'record-customer-reply': [{ decision: 'accepted' }, { decision: 'rejected' }],
  'confirm-satisfaction': [{ satisfied: true }, { satisfied: false }],
  'record-follow-up': [{ satisfaction: 'satisfied' }, { satisfaction: 'dissatisfied' }],
  'confirm-quality-problem': [{ qualityProblem: true }, { qualityProblem: false }],
  'confirm-claimable': [{ claimable: true }, { claimable: false }],
  audit: [{ passed: true }, { passed: false }],
  'determine-quality': [
    { qualityProblem: true, notes: 'n' },
    {
      qualityProblem: true,
      notes: 'n',
      wholeVehicle: { grounds: ['fault_not_eliminable'], majorQualityDefect: true, accidentHistory: false },
    },
  ],
  'approve-whole-vehicle': [{ remedy: 'replacement', notes: 'n' }],
  'record-callback': [
    { satisfaction: 'satisfied', customerPaid: false },
    { satisfaction: 'satisfied', customerPaid: true },
  ],
  'follow-up-customer-paid': [{ paymentResolution: 'refunded_to_customer', notes: 'n' }],
  'open-preferential-claim': [{ preferentialClaimId: '6f1c2b1e-1111-4a1b-9c1d-000000000001' }],
  'fill-form': [{ amountCents: 500 }],
  settle: [{ paidAmountCents: 1, reference: 'r' }],
  approve: [{ approvedCents: 1 }],
  'ship-old-parts': [{ waybill: 'w', tags: [{ partNo: '0AM-325-065', tag: 't' }] }],
  'inspect-old-parts': [
    { partCausedFailure: true, findings: 'f', disposition: 'scrap' },
    { partCausedFailure: false, findings: 'f', disposition: 'scrap' },
  ],
  'record-breach': [{ kind: 'feedback', dueAt: AT }],
};

const scopes = (role: Role): Actor[] =>
  isDealerRole(role)
    ? [
        { id: `${role}-own`, roles: [role], dealerId: 'D001', regionId: 'R01' },
        { id: `${role}-other`, roles: [role], dealerId: 'D002', regionId: 'R01' },
      ]
    : [
        { id: `${role}-region`, roles: [role], regionId: 'R01' },
        { id: `${role}-other-region`, roles: [role], regionId: 'R02' },
        { id: `${role}-national`, roles: [role] },
      ];
const everyone: Actor[] = [...ROLES.flatMap((role) => scopes(role as Role)), SYSTEM_ACTOR];

function recorded(
  definition: WorkflowDefinition,
  state: CaseState | undefined,
  type: string,
  data: Record<string, unknown>,
  actor: Actor,
): RecordedEvent {
  const revision = state ? state.revision + 1 : 0;
  return {
    eventId: `e${revision}`,
    streamId: `x-${CASE_ID}`,
    revision,
    position: revision + 1,
    type,
    data,
    recordedAt: AT,
    metadata: {
      caseType: definition.caseType,
      caseId: CASE_ID,
      machineVersion: definition.version,
      actor,
      occurredAt: AT,
      commandId: `c${revision}-${Math.random()}`,
      hash: '',
    },
  };
}

describe.each(['complaint', 'goodwill', 'preferential-claim', 'warranty-claim'])(
  'authorization of %s',
  (caseType) => {
    const registry = registeredWorkflowRegistry();
    const definition = registry.latest(caseType);
    const matrix = authorizationMatrix(definition);

    it('accepts exactly what allowedActions offers, for every reachable state, role, action and scope', () => {
      const seen = new Set<string>();
      let frontier: (CaseState | undefined)[] = [undefined];
      let checks = 0;
      let visited = 0;
      for (let depth = 0; depth < 30 && frontier.length > 0; depth++) {
        const next: CaseState[] = [];
        for (const state of frontier) {
          if (visited++ >= 120) break;
          // One successor per action and payload (the first actor allowed): states, not actors, are explored.
          const expanded = new Set<string>();
          const actions = state === undefined ? ['create'] : Object.keys(definition.actions);
          for (const actor of everyone) {
            const offered = allowedActions(definition, state?.snapshot, actor, CASE_ID, AT);
            for (const action of actions) {
              for (const data of SAMPLES[action] ?? [
                {
                  reason: 'r',
                  cause: 'c',
                  plan: 'p',
                  result: 'r',
                  findings: 'f',
                  waybill: 'w',
                  reference: 'r',
                  documents: ['d'],
                  satisfaction: 'satisfied',
                  customerPaid: false,
                },
              ]) {
                let accepted = false;
                let decision;
                try {
                  decision = decide(definition, state, {
                    caseId: CASE_ID,
                    action,
                    data,
                    actor,
                    occurredAt: AT,
                    ...(data.complaintId !== undefined ? { referenced: REFERENCED } : {}),
                  });
                  accepted = true;
                } catch (error) {
                  if (
                    !(error instanceof TransitionNotAllowedError) &&
                    !(error instanceof ValidationFailedError) &&
                    !(error instanceof Error && error.name === 'ForbiddenError')
                  )
                    throw error;
                  if (error instanceof ValidationFailedError) accepted = true; // permitted, refused on the payload
                }
                checks += 1;
                expect({
                  state: state ? currentStateName(state) : '(new)',
                  action,
                  actor: actor.id,
                  accepted,
                }).toEqual({
                  state: state ? currentStateName(state) : '(new)',
                  action,
                  actor: actor.id,
                  accepted: offered.includes(action),
                });
                if (accepted) {
                  const stateName = state ? currentStateName(state) : '(new)';
                  const row = matrix.find(
                    (candidate) => candidate.state === stateName && candidate.action === action,
                  );
                  expect(row?.roles).toEqual(expect.arrayContaining([actor.roles[0]]));
                  // Cases are opened by dealer D001 in region R01: nobody outside that scope may act on them.
                  if (state !== undefined && isDealerRole(actor.roles[0]!))
                    expect(actor.dealerId).toBe('D001');
                  if (state !== undefined && actor.regionId !== undefined) expect(actor.regionId).toBe('R01');
                }
                const branch = `${action}|${JSON.stringify(data)}`;
                if (
                  decision !== undefined &&
                  !expanded.has(branch) &&
                  (state !== undefined || actor.dealerId === 'D001')
                ) {
                  expanded.add(branch);
                  const event = recorded(definition, state, decision.eventType, decision.data, actor);
                  const after = evolve(definition, state, event);
                  // The engine's reusable-scope transition and the state it caches after an append must be
                  // exactly what XState's own pure transition gives, on every reachable branch.
                  const [reference] = transition(
                    definition.machine,
                    state?.snapshot ?? initialSnapshot(definition),
                    toCaseEvent(definition, event),
                  );
                  for (const snapshot of [after.snapshot, decision.snapshot]) {
                    expect([snapshot.value, snapshot.context, snapshot.status]).toEqual([
                      reference.value,
                      reference.context,
                      reference.status,
                    ]);
                  }
                  const key = `${JSON.stringify(after.snapshot.value)}|${JSON.stringify(after.snapshot.context)}`;
                  if (!seen.has(key)) {
                    // A case snapshot of every reachable state restores to the same machine state, offering
                    // the same actions to everyone.
                    const restored = decodeCaseState(registry, encodeCaseState(`x-${CASE_ID}`, after))!;
                    expect([
                      restored.snapshot.value,
                      restored.snapshot.context,
                      restored.snapshot.status,
                    ]).toEqual([after.snapshot.value, after.snapshot.context, after.snapshot.status]);
                    for (const someone of everyone) {
                      expect(allowedActions(definition, restored.snapshot, someone, CASE_ID, AT)).toEqual(
                        allowedActions(definition, after.snapshot, someone, CASE_ID, AT),
                      );
                    }
                    seen.add(key);
                    next.push(after);
                  }
                }
              }
            }
          }
        }
        frontier = next.slice(0, 200);
      }
      expect(checks).toBeGreaterThan(1000);
      const reachedStates = new Set([...seen].map((key) => key.split('|')[0]));
      expect(reachedStates.size).toBeGreaterThanOrEqual(definition.finalStates.length + 2);
    });

    it('never offers an action to the auditor', () => {
      expect(matrix.some((row) => row.roles.includes('auditor'))).toBe(false);
    });
  },
);
