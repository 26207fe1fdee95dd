// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { actsInScopeAs, type CaseEvent, type Role } from '../../../libs/kernel/index.js';
import { GOODWILL_SIGNERS, maySign, signature } from './approval-chain.js';
import type { GoodwillContext } from '../goodwill-context.js';
import { textOf as text } from './event-data.js';

const empty: GoodwillContext = {
  caseId: '',
  dealerId: '',
  assignedRole: null,
  complaintId: null,
  applicantId: '',
  amountCents: 0,
  currency: 'CNY',
  lossDescription: '',
  waiver: { signedAt: '', documentRef: '' },
  waiverConfirmedBy: null,
  emergencyAdvance: false,
  countsTowardRegionalWarrantyCost: false,
  step: 0,
  nextSigner: null,
  signatures: [],
  previousRounds: [],
  round: 1,
  decisions: [],
  approvedAmountCents: null,
  archivedBy: null,
  settlementDocuments: [],
  paidAmountCents: null,
  paymentReference: null,
};

const signerAt = (step: number): Role | null => GOODWILL_SIGNERS[step] ?? null;

/**
 * Goodwill payment v1 (DOMAIN.md §2, seed 003): waiver confirmed → signatures in order → leadership
 * approval → product liability notifies and archives → regional staff request settlement material →
 * dealer submits it → product liability settles. Any signer on their turn may reject or return.
 */
export const goodwillMachineV1 = setup({
  types: {} as { context: GoodwillContext; events: CaseEvent },
  guards: {
    canApply: ({ event }) =>
      event.actor.dealerId !== undefined && event.actor.roles.includes('service_director'),
    actsAs: ({ context, event }, params: { role: Role }) => actsInScopeAs(event.actor, params.role, context),
    /** The signer whose turn it is, in scope, who has not signed this round and is not the applicant. */
    onTurn: ({ context, event }) =>
      context.nextSigner !== null &&
      actsInScopeAs(event.actor, context.nextSigner, context) &&
      maySign(event.actor, context.signatures, context.applicantId),
    allSigned: ({ context }) => context.step >= GOODWILL_SIGNERS.length,
    waiverConfirmed: ({ context }) => context.waiverConfirmedBy !== null,
  },
  actions: {
    decide: assign(({ context, event }, params: { decision: 'rejected' | 'returned' }) => ({
      decisions: [
        ...context.decisions,
        {
          decision: params.decision,
          role: context.nextSigner ?? 'oem_aftersales_rep',
          actorId: event.actor.id,
          at: event.occurredAt,
          reason: text(event.data, 'reason') ?? '',
        },
      ],
    })),
  },
}).createMachine({
  id: 'goodwill',
  initial: 'none',
  context: empty,
  states: {
    none: {
      on: {
        GoodwillApplicationSubmitted: {
          guard: 'canApply',
          target: 'awaiting_waiver_confirmation',
          actions: assign(({ event }) => {
            const data = event.data;
            const waiver = (data.waiver ?? {}) as { signedAt?: string; documentRef?: string };
            return {
              caseId: event.caseId,
              dealerId: String(data.dealerId),
              ...(typeof data.regionId === 'string' ? { regionId: data.regionId } : {}),
              complaintId: text(data, 'complaintId'),
              applicantId: event.actor.id,
              amountCents: Number(data.amountCents),
              currency: text(data, 'currency') ?? 'CNY',
              lossDescription: text(data, 'lossDescription') ?? '',
              waiver: { signedAt: waiver.signedAt ?? '', documentRef: waiver.documentRef ?? '' },
              emergencyAdvance: data.emergencyAdvance === true,
              assignedRole: 'oem_aftersales_rep' as const,
            };
          }),
        },
      },
    },
    awaiting_waiver_confirmation: {
      on: {
        GoodwillWaiverConfirmed: {
          guard: { type: 'actsAs', params: { role: 'oem_aftersales_rep' } },
          target: 'awaiting_signatures',
          actions: assign(({ event }) => ({
            waiverConfirmedBy: event.actor.id,
            step: 0,
            nextSigner: signerAt(0),
            assignedRole: signerAt(0),
          })),
        },
        GoodwillApplicationRejected: {
          guard: { type: 'actsAs', params: { role: 'oem_aftersales_rep' } },
          target: 'rejected',
          actions: [{ type: 'decide', params: { decision: 'rejected' } }, assign({ assignedRole: null })],
        },
        GoodwillApplicationReturned: {
          guard: { type: 'actsAs', params: { role: 'oem_aftersales_rep' } },
          target: 'returned',
          actions: [
            { type: 'decide', params: { decision: 'returned' } },
            assign({ assignedRole: 'service_director' as const }),
          ],
        },
      },
    },
    awaiting_signatures: {
      on: {
        GoodwillApprovalSigned: {
          guard: 'onTurn',
          target: 'signature_recorded',
          actions: assign(({ context, event }) => ({
            signatures: [
              ...context.signatures,
              signature(context.nextSigner!, event.actor, event.occurredAt, event.data.comment),
            ],
            step: context.step + 1,
            nextSigner: signerAt(context.step + 1),
            assignedRole: signerAt(context.step + 1),
          })),
        },
        GoodwillApplicationRejected: {
          guard: 'onTurn',
          target: 'rejected',
          actions: [
            { type: 'decide', params: { decision: 'rejected' } },
            assign({ nextSigner: null, assignedRole: null }),
          ],
        },
        GoodwillApplicationReturned: {
          guard: 'onTurn',
          target: 'returned',
          actions: [
            { type: 'decide', params: { decision: 'returned' } },
            assign({ nextSigner: null, assignedRole: 'service_director' as const }),
          ],
        },
      },
    },
    /** Transient: after the leadership's signature the application is approved. */
    signature_recorded: {
      always: [
        {
          guard: 'allSigned',
          target: 'approved',
          actions: assign(({ context }) => ({
            approvedAmountCents: context.amountCents,
            assignedRole: 'product_liability' as const,
          })),
        },
        { target: 'awaiting_signatures' },
      ],
    },
    returned: {
      on: {
        GoodwillApplicationResubmitted: {
          guard: { type: 'actsAs', params: { role: 'service_director' } },
          target: 'resubmission_recorded',
          actions: assign(({ context, event }) => ({
            amountCents:
              typeof event.data.amountCents === 'number' ? event.data.amountCents : context.amountCents,
            lossDescription: text(event.data, 'lossDescription') ?? context.lossDescription,
            previousRounds: [...context.previousRounds, context.signatures],
            signatures: [],
            round: context.round + 1,
            step: 0,
            nextSigner: signerAt(0),
            assignedRole: signerAt(0),
          })),
        },
      },
    },
    /** Transient: a form returned before the waiver was confirmed goes back to that confirmation. */
    resubmission_recorded: {
      always: [
        { guard: 'waiverConfirmed', target: 'awaiting_signatures' },
        {
          target: 'awaiting_waiver_confirmation',
          actions: assign({ nextSigner: null, assignedRole: 'oem_aftersales_rep' as const }),
        },
      ],
    },
    approved: {
      on: {
        GoodwillRegionalStaffNotified: {
          guard: { type: 'actsAs', params: { role: 'product_liability' } },
          target: 'archived',
          actions: assign(({ event }) => ({
            archivedBy: event.actor.id,
            assignedRole: 'regional_service_staff' as const,
          })),
        },
      },
    },
    archived: {
      on: {
        GoodwillSettlementMaterialRequested: {
          guard: { type: 'actsAs', params: { role: 'regional_service_staff' } },
          target: 'awaiting_settlement_material',
          actions: assign({ assignedRole: 'service_director' as const }),
        },
      },
    },
    awaiting_settlement_material: {
      on: {
        GoodwillSettlementMaterialSubmitted: {
          guard: { type: 'actsAs', params: { role: 'service_director' } },
          target: 'awaiting_settlement',
          actions: assign(({ event }) => ({
            settlementDocuments: Array.isArray(event.data.documents)
              ? (event.data.documents as string[])
              : [],
            assignedRole: 'product_liability' as const,
          })),
        },
      },
    },
    awaiting_settlement: {
      on: {
        GoodwillSettled: {
          guard: { type: 'actsAs', params: { role: 'product_liability' } },
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
