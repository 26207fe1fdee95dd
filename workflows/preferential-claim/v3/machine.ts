// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { actsInScopeAs, type Actor, type CaseEvent, type Role } from '../../../libs/kernel/index.js';
import type { Seat } from '../../approvals/seats.js';
import {
  maySign,
  maySit,
  PREFERENTIAL_CLAIM_SIGNERS as SIGNERS,
  signature,
  takeSeat,
} from './approval-chain.js';
import { textOf as text } from './event-data.js';
import type { FaultCause } from '../events.js';
import type { PreferentialClaimContext } from '../preferential-claim-context.js';

/**
 * Who sits where on the chain (see approvals/seats.ts), as in version 2, and the FSR's 「可办理」 decision
 * after the FTM's verdict.
 */
export interface PreferentialClaimContextV3 extends PreferentialClaimContext {
  readonly seats: readonly Seat[];
  readonly claimable: boolean | null;
  readonly claimabilityNotes: string | null;
  readonly claimabilityDecidedBy: string | null;
}

const empty: PreferentialClaimContextV3 = {
  caseId: '',
  dealerId: '',
  assignedRole: null,
  complaintId: null,
  applicantId: '',
  customerSensitivity: [],
  vehicle: {},
  faultDescription: '',
  cause: 'unknown',
  vehicleFindings: null,
  verifiedBy: null,
  qualityProblem: null,
  qualityNotes: null,
  amountCents: null,
  currency: 'CNY',
  signatures: [],
  auditPassed: null,
  auditNotes: null,
  processedBy: null,
  resultNotifiedBy: null,
  decisions: [],
  paidAmountCents: null,
  paymentReference: null,
  seats: [],
  claimable: null,
  claimabilityNotes: null,
  claimabilityDecidedBy: null,
};

/**
 * The signer role `actor` signs (or rejects) the form as: one they hold in scope, that has not signed yet,
 * and that is their seat on the chain (or they have none yet). Null when there is none.
 */
function signerRoleOf(context: PreferentialClaimContextV3, actor: Actor): Role | null {
  return (
    SIGNERS.find(
      (role) =>
        actsInScopeAs(actor, role, context) &&
        !context.signatures.some((signed) => signed.role === role) &&
        maySit(context.seats, actor.id, role),
    ) ?? null
  );
}

/** Whose turn it is to reject in each state (the approver at that step). */
const REJECTERS: Record<string, Role> = {
  awaiting_vehicle_verification: 'field_service_rep',
  awaiting_quality_decision: 'field_technical_manager',
  awaiting_claimability_decision: 'field_service_rep',
  awaiting_audit: 'technical_auditor',
  awaiting_processing: 'oem_claims',
};

const rejectBy = (role: Role) => ({
  PreferentialClaimRejected: {
    guard: { type: 'actsInSeatAs' as const, params: { role } },
    target: 'rejected' as const,
    actions: [
      { type: 'sit' as const, params: { role } },
      { type: 'recordRejection' as const, params: { role } },
    ],
  },
});

/**
 * Preferential claim v3: the chain of v2 (DOMAIN.md §3, seed 003), segregation of duties by person, opened
 * only for a vehicle the warranty eligibility policies no longer cover (the workflow's create check), and
 * with the FSR's 「可办理」 decision as a step of its own between the FTM's verdict and the form. Every step's actor takes the seat of the role they act in and may act only in that
 * seat afterwards: a person holding both the FSR and the FTM role verifies the vehicle or decides the
 * quality problem, signs, and rejects as one of them only; the service director who opened the claim
 * never acts in an OEM role on it.
 */
export const preferentialClaimMachineV3 = setup({
  types: {} as { context: PreferentialClaimContextV3; events: CaseEvent },
  guards: {
    canOpen: ({ event }) =>
      event.actor.dealerId !== undefined && event.actor.roles.includes('service_director'),
    /** In scope as `role`, and `role` is this person's seat on the chain (or they have none yet). */
    actsInSeatAs: ({ context, event }, params: { role: Role }) =>
      actsInScopeAs(event.actor, params.role, context) && maySit(context.seats, event.actor.id, params.role),
    /** FTM or FSR in their own seat whose role has not signed yet; nobody signs twice, the applicant never. */
    maySignForm: ({ context, event }) =>
      maySign(event.actor, context.signatures, context.applicantId) &&
      signerRoleOf(context, event.actor) !== null,
    mayRejectAtSignatures: ({ context, event }) => signerRoleOf(context, event.actor) !== null,
    isQualityProblem: ({ context }) => context.qualityProblem === true,
    isClaimable: ({ context }) => context.claimable === true,
    bothSigned: ({ context }) =>
      SIGNERS.every((role) => context.signatures.some((signed) => signed.role === role)),
    auditPassed: ({ context }) => context.auditPassed === true,
  },
  actions: {
    sit: assign(({ context, event }, params: { role: Role }) => ({
      seats: takeSeat(context.seats, event.actor.id, params.role),
    })),
    recordRejection: assign(({ context, event }, params: { role: Role }) => ({
      decisions: [
        ...context.decisions,
        {
          decision: 'rejected' as const,
          role: params.role,
          actorId: event.actor.id,
          at: event.occurredAt,
          reason: text(event.data, 'reason') ?? '',
        },
      ],
      assignedRole: null,
    })),
  },
}).createMachine({
  id: 'preferential-claim',
  initial: 'none',
  context: empty,
  states: {
    none: {
      on: {
        PreferentialClaimOpened: {
          guard: 'canOpen',
          target: 'awaiting_vehicle_verification',
          actions: assign(({ event }) => {
            const data = event.data;
            return {
              caseId: event.caseId,
              dealerId: String(data.dealerId),
              ...(typeof data.regionId === 'string' ? { regionId: data.regionId } : {}),
              complaintId: text(data, 'complaintId'),
              applicantId: event.actor.id,
              customerSensitivity: Array.isArray(data.customerSensitivity)
                ? (data.customerSensitivity as string[])
                : [],
              vehicle: (data.vehicle ?? {}) as Record<string, unknown>,
              faultDescription: text(data, 'faultDescription') ?? '',
              cause: (text(data, 'cause') ?? 'unknown') as FaultCause,
              currency: text(data, 'currency') ?? 'CNY',
              assignedRole: 'field_service_rep' as const,
              seats: [{ actorId: event.actor.id, role: 'service_director' as const }],
            };
          }),
        },
      },
    },
    awaiting_vehicle_verification: {
      on: {
        PreferentialClaimVehicleVerified: {
          guard: { type: 'actsInSeatAs', params: { role: 'field_service_rep' } },
          target: 'awaiting_quality_decision',
          actions: [
            { type: 'sit', params: { role: 'field_service_rep' } },
            assign(({ event }) => ({
              vehicleFindings: text(event.data, 'findings'),
              verifiedBy: event.actor.id,
              assignedRole: 'field_technical_manager' as const,
            })),
          ],
        },
        ...rejectBy(REJECTERS.awaiting_vehicle_verification!),
      },
    },
    awaiting_quality_decision: {
      on: {
        PreferentialClaimQualityDecided: {
          guard: { type: 'actsInSeatAs', params: { role: 'field_technical_manager' } },
          target: 'quality_decided',
          actions: [
            { type: 'sit', params: { role: 'field_technical_manager' } },
            assign(({ event }) => ({
              qualityProblem: event.data.qualityProblem === true,
              qualityNotes: text(event.data, 'notes'),
            })),
          ],
        },
        ...rejectBy(REJECTERS.awaiting_quality_decision!),
      },
    },
    /**
     * Transient: no quality problem, no preferential claim. The FTM's verdict goes back to the FSR
     * (「尽快将鉴定结果反馈给现场服务代表」), who decides whether the claim can be handled.
     */
    quality_decided: {
      always: [
        {
          guard: 'isQualityProblem',
          target: 'awaiting_claimability_decision',
          actions: assign({ assignedRole: 'field_service_rep' as const }),
        },
        { target: 'rejected', actions: assign({ assignedRole: null }) },
      ],
    },
    /** 「对于可办理优惠索赔的车辆，现场服务代表通知经销商的服务总监填写《优惠索赔审批表》」 [003]. */
    awaiting_claimability_decision: {
      on: {
        PreferentialClaimClaimabilityDecided: {
          guard: { type: 'actsInSeatAs', params: { role: 'field_service_rep' } },
          target: 'claimability_decided',
          actions: [
            { type: 'sit', params: { role: 'field_service_rep' } },
            assign(({ event }) => ({
              claimable: event.data.claimable === true,
              claimabilityNotes: text(event.data, 'notes'),
              claimabilityDecidedBy: event.actor.id,
            })),
          ],
        },
        ...rejectBy(REJECTERS.awaiting_claimability_decision!),
      },
    },
    /** Transient: a claim the FSR finds not claimable ends rejected; else the director fills the form. */
    claimability_decided: {
      always: [
        {
          guard: 'isClaimable',
          target: 'awaiting_form',
          actions: assign({ assignedRole: 'service_director' as const }),
        },
        { target: 'rejected', actions: assign({ assignedRole: null }) },
      ],
    },
    awaiting_form: {
      on: {
        PreferentialClaimFormFilled: {
          guard: { type: 'actsInSeatAs', params: { role: 'service_director' } },
          target: 'awaiting_signatures',
          actions: [
            { type: 'sit', params: { role: 'service_director' } },
            assign(({ event }) => ({
              amountCents: Number(event.data.amountCents),
              assignedRole: 'field_technical_manager' as const,
            })),
          ],
        },
      },
    },
    awaiting_signatures: {
      on: {
        PreferentialClaimSigned: {
          guard: 'maySignForm',
          target: 'signature_recorded',
          actions: assign(({ context, event }) => {
            const role = signerRoleOf(context, event.actor)!;
            const signatures = [
              ...context.signatures,
              signature(role, event.actor, event.occurredAt, event.data.comment),
            ];
            const missing =
              SIGNERS.find((candidate) => !signatures.some((signed) => signed.role === candidate)) ?? null;
            return {
              signatures,
              assignedRole: missing,
              seats: takeSeat(context.seats, event.actor.id, role),
            };
          }),
        },
        PreferentialClaimRejected: {
          guard: 'mayRejectAtSignatures',
          target: 'rejected',
          actions: assign(({ context, event }) => {
            const role = signerRoleOf(context, event.actor)!;
            return {
              decisions: [
                ...context.decisions,
                {
                  decision: 'rejected' as const,
                  role,
                  actorId: event.actor.id,
                  at: event.occurredAt,
                  reason: text(event.data, 'reason') ?? '',
                },
              ],
              assignedRole: null,
              seats: takeSeat(context.seats, event.actor.id, role),
            };
          }),
        },
      },
    },
    signature_recorded: {
      always: [
        {
          guard: 'bothSigned',
          target: 'awaiting_audit',
          actions: assign({ assignedRole: 'technical_auditor' as const }),
        },
        { target: 'awaiting_signatures' },
      ],
    },
    awaiting_audit: {
      on: {
        PreferentialClaimAudited: {
          guard: { type: 'actsInSeatAs', params: { role: 'technical_auditor' } },
          target: 'audit_recorded',
          actions: [
            { type: 'sit', params: { role: 'technical_auditor' } },
            assign(({ event }) => ({
              auditPassed: event.data.passed === true,
              auditNotes: text(event.data, 'notes'),
            })),
          ],
        },
        ...rejectBy(REJECTERS.awaiting_audit!),
      },
    },
    audit_recorded: {
      always: [
        {
          guard: 'auditPassed',
          target: 'awaiting_processing',
          actions: assign({ assignedRole: 'oem_claims' as const }),
        },
        { target: 'rejected', actions: assign({ assignedRole: null }) },
      ],
    },
    awaiting_processing: {
      on: {
        PreferentialClaimProcessed: {
          guard: { type: 'actsInSeatAs', params: { role: 'oem_claims' } },
          target: 'awaiting_result_notification',
          actions: [
            { type: 'sit', params: { role: 'oem_claims' } },
            assign(({ event }) => ({
              processedBy: event.actor.id,
              assignedRole: 'field_technical_manager' as const,
            })),
          ],
        },
        ...rejectBy(REJECTERS.awaiting_processing!),
      },
    },
    awaiting_result_notification: {
      on: {
        PreferentialClaimResultNotified: {
          guard: { type: 'actsInSeatAs', params: { role: 'field_technical_manager' } },
          target: 'awaiting_settlement',
          actions: [
            { type: 'sit', params: { role: 'field_technical_manager' } },
            assign(({ event }) => ({
              resultNotifiedBy: event.actor.id,
              assignedRole: 'oem_claims' as const,
            })),
          ],
        },
      },
    },
    awaiting_settlement: {
      on: {
        PreferentialClaimSettled: {
          guard: { type: 'actsInSeatAs', params: { role: 'oem_claims' } },
          target: 'settled',
          actions: [
            { type: 'sit', params: { role: 'oem_claims' } },
            assign(({ event }) => ({
              paidAmountCents: Number(event.data.paidAmountCents),
              paymentReference: text(event.data, 'reference'),
              assignedRole: null,
            })),
          ],
        },
      },
    },
    rejected: {},
    settled: {},
  },
});
