// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { actsInScopeAs, type CaseEvent, type Role } from '../../../libs/kernel/index.js';
import { maySign, signature } from './approval-chain.js';
import type { FaultCause } from '../events.js';
import type { PreferentialClaimContext } from '../preferential-claim-context.js';
import { textOf as text } from './event-data.js';

/** Both sign the claim form, in either order (seed 003). */
export const PREFERENTIAL_CLAIM_SIGNERS: readonly Role[] = ['field_technical_manager', 'field_service_rep'];
const SIGNERS = PREFERENTIAL_CLAIM_SIGNERS;

const empty: PreferentialClaimContext = {
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
};

/** Whose turn it is to reject in each state (the approver at that step). */
const REJECTERS: Record<string, Role> = {
  awaiting_vehicle_verification: 'field_service_rep',
  awaiting_quality_decision: 'field_technical_manager',
  awaiting_audit: 'technical_auditor',
  awaiting_processing: 'oem_claims',
};

const rejectBy = (role: Role) => ({
  PreferentialClaimRejected: {
    guard: { type: 'actsAs' as const, params: { role } },
    target: 'rejected' as const,
    actions: { type: 'recordRejection' as const, params: { role } },
  },
});

/**
 * Preferential claim v1 (DOMAIN.md §3, seed 003): for a sensitive customer's out-of-warranty vehicle with a
 * quality problem the OEM pays the repair. FSR verifies → FTM decides quality → dealer fills the form →
 * FTM and FSR sign → technical audit → OEM claims processes and archives → FTM notifies → OEM claims settles.
 */
export const preferentialClaimMachineV1 = setup({
  types: {} as { context: PreferentialClaimContext; events: CaseEvent },
  guards: {
    canOpen: ({ event }) =>
      event.actor.dealerId !== undefined && event.actor.roles.includes('service_director'),
    actsAs: ({ context, event }, params: { role: Role }) => actsInScopeAs(event.actor, params.role, context),
    /** FTM or FSR whose role has not signed yet; nobody signs twice and the applicant never signs. */
    maySignForm: ({ context, event }) =>
      maySign(event.actor, context.signatures, context.applicantId) &&
      SIGNERS.some(
        (role) =>
          actsInScopeAs(event.actor, role, context) &&
          !context.signatures.some((signed) => signed.role === role),
      ),
    mayRejectAtSignatures: ({ context, event }) =>
      SIGNERS.some(
        (role) =>
          actsInScopeAs(event.actor, role, context) &&
          !context.signatures.some((signed) => signed.role === role),
      ),
    isQualityProblem: ({ context }) => context.qualityProblem === true,
    bothSigned: ({ context }) =>
      SIGNERS.every((role) => context.signatures.some((signed) => signed.role === role)),
    auditPassed: ({ context }) => context.auditPassed === true,
  },
  actions: {
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
            };
          }),
        },
      },
    },
    awaiting_vehicle_verification: {
      on: {
        PreferentialClaimVehicleVerified: {
          guard: { type: 'actsAs', params: { role: 'field_service_rep' } },
          target: 'awaiting_quality_decision',
          actions: assign(({ event }) => ({
            vehicleFindings: text(event.data, 'findings'),
            verifiedBy: event.actor.id,
            assignedRole: 'field_technical_manager' as const,
          })),
        },
        ...rejectBy(REJECTERS.awaiting_vehicle_verification!),
      },
    },
    awaiting_quality_decision: {
      on: {
        PreferentialClaimQualityDecided: {
          guard: { type: 'actsAs', params: { role: 'field_technical_manager' } },
          target: 'quality_decided',
          actions: assign(({ event }) => ({
            qualityProblem: event.data.qualityProblem === true,
            qualityNotes: text(event.data, 'notes'),
          })),
        },
        ...rejectBy(REJECTERS.awaiting_quality_decision!),
      },
    },
    /** Transient: no quality problem, no preferential claim. */
    quality_decided: {
      always: [
        {
          guard: 'isQualityProblem',
          target: 'awaiting_form',
          actions: assign({ assignedRole: 'service_director' as const }),
        },
        { target: 'rejected', actions: assign({ assignedRole: null }) },
      ],
    },
    awaiting_form: {
      on: {
        PreferentialClaimFormFilled: {
          guard: { type: 'actsAs', params: { role: 'service_director' } },
          target: 'awaiting_signatures',
          actions: assign(({ event }) => ({
            amountCents: Number(event.data.amountCents),
            assignedRole: 'field_technical_manager' as const,
          })),
        },
      },
    },
    awaiting_signatures: {
      on: {
        PreferentialClaimSigned: {
          guard: 'maySignForm',
          target: 'signature_recorded',
          actions: assign(({ context, event }) => {
            const role = SIGNERS.find(
              (candidate) =>
                actsInScopeAs(event.actor, candidate, context) &&
                !context.signatures.some((signed) => signed.role === candidate),
            )!;
            const signatures = [
              ...context.signatures,
              signature(role, event.actor, event.occurredAt, event.data.comment),
            ];
            const missing =
              SIGNERS.find((candidate) => !signatures.some((signed) => signed.role === candidate)) ?? null;
            return { signatures, assignedRole: missing };
          }),
        },
        PreferentialClaimRejected: {
          guard: 'mayRejectAtSignatures',
          target: 'rejected',
          actions: assign(({ context, event }) => ({
            decisions: [
              ...context.decisions,
              {
                decision: 'rejected' as const,
                role: SIGNERS.find((role) => actsInScopeAs(event.actor, role, context))!,
                actorId: event.actor.id,
                at: event.occurredAt,
                reason: text(event.data, 'reason') ?? '',
              },
            ],
            assignedRole: null,
          })),
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
          guard: { type: 'actsAs', params: { role: 'technical_auditor' } },
          target: 'audit_recorded',
          actions: assign(({ event }) => ({
            auditPassed: event.data.passed === true,
            auditNotes: text(event.data, 'notes'),
          })),
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
          guard: { type: 'actsAs', params: { role: 'oem_claims' } },
          target: 'awaiting_result_notification',
          actions: assign(({ event }) => ({
            processedBy: event.actor.id,
            assignedRole: 'field_technical_manager' as const,
          })),
        },
        ...rejectBy(REJECTERS.awaiting_processing!),
      },
    },
    awaiting_result_notification: {
      on: {
        PreferentialClaimResultNotified: {
          guard: { type: 'actsAs', params: { role: 'field_technical_manager' } },
          target: 'awaiting_settlement',
          actions: assign(({ event }) => ({
            resultNotifiedBy: event.actor.id,
            assignedRole: 'oem_claims' as const,
          })),
        },
      },
    },
    awaiting_settlement: {
      on: {
        PreferentialClaimSettled: {
          guard: { type: 'actsAs', params: { role: 'oem_claims' } },
          target: 'settled',
          actions: assign(({ event }) => ({
            paidAmountCents: Number(event.data.paidAmountCents),
            paymentReference: text(event.data, 'reference'),
            assignedRole: null,
          })),
        },
      },
    },
    rejected: {},
    settled: {},
  },
});
