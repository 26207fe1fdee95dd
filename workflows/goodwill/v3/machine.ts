// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { actsInScopeAs, recordedReferences, type CaseEvent, type Role } from '../../../libs/kernel/index.js';
import type { Seat } from '../../approvals/seats.js';
import { GOODWILL_SIGNERS, maySign, maySit, signature, takeSeat } from '../v2/approval-chain.js'; // unchanged since v2, frozen there
import { costLinesOf, sumOf, type CostLine } from './cost-lines.js';
import { textOf as text } from '../v2/event-data.js';
import type { GoodwillContext } from '../goodwill-context.js';

/** The emergency advance as the application states it: when the dealer paid, after whose on-site confirmation. */
export interface EmergencyAdvance {
  readonly paidAt: string;
  readonly onSiteConfirmation: { readonly confirmedBy: string; readonly confirmedAt: string };
}

/**
 * Version 3 keeps v2's seats and adds the cost lines: `amountCents` is the payable amount, the sum of the
 * direct lines; consequential lines are recorded and never paid. The linked complaint's summary as the
 * application saw it, and the emergency advance with the OEM's on-site confirmation.
 */
export interface GoodwillContextV3 extends GoodwillContext {
  readonly seats: readonly Seat[];
  readonly costLines: readonly CostLine[];
  readonly consequentialAmountCents: number;
  /** Whether the complaint was major when the application was made (always true: a minor one is refused). */
  readonly complaintMajor: boolean | null;
  readonly advance: EmergencyAdvance | null;
}

const empty: GoodwillContextV3 = {
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
  seats: [],
  costLines: [],
  consequentialAmountCents: 0,
  complaintMajor: null,
  advance: null,
};

const signerAt = (step: number): Role | null => GOODWILL_SIGNERS[step] ?? null;

function advanceOf(data: Record<string, unknown>): EmergencyAdvance | null {
  const advance = data.emergencyAdvance;
  if (typeof advance !== 'object' || advance === null) return null;
  const { paidAt, onSiteConfirmation } = advance as Record<string, unknown>;
  const confirmation = (onSiteConfirmation ?? {}) as Record<string, unknown>;
  return {
    paidAt: String(paidAt),
    onSiteConfirmation: {
      confirmedBy: String(confirmation.confirmedBy),
      confirmedAt: String(confirmation.confirmedAt),
    },
  };
}

/** A resubmission's corrected cost lines replace all of them; the payable amount follows the direct ones. */
function resubmittedCosts(context: GoodwillContextV3, data: Record<string, unknown>) {
  const costLines = costLinesOf(data) ?? context.costLines;
  return {
    costLines,
    amountCents: sumOf(costLines, 'direct'),
    consequentialAmountCents: sumOf(costLines, 'consequential'),
  };
}

/**
 * Goodwill payment v3: the chain and seats of v2 (DOMAIN.md §2, seed 003), for a major complaint, with cost
 * lines: the amount signed, approved and paid is the sum of the direct lines only (「直接费用,但不包括连带
 * 费用」); consequential lines stay on the record. The emergency advance records the OEM's on-site
 * confirmation (who, when). The payload rules (major complaint, something payable, waiver before the
 * advance, nothing in the future) are the actions' checks (v3/goodwill.workflow.ts); the states and
 * guards are v2's.
 */
export const goodwillMachineV3 = setup({
  types: {} as { context: GoodwillContextV3; events: CaseEvent },
  guards: {
    canApply: ({ event }) =>
      event.actor.dealerId !== undefined && event.actor.roles.includes('service_director'),
    /** In scope as `role`, and `role` is this person's seat on the chain (or they have none yet). */
    actsInSeatAs: ({ context, event }, params: { role: Role }) =>
      actsInScopeAs(event.actor, params.role, context) && maySit(context.seats, event.actor.id, params.role),
    /**
     * The signer whose turn it is, in scope, in their own seat, who has not signed this round and is not
     * the applicant.
     */
    onTurn: ({ context, event }) =>
      context.nextSigner !== null &&
      actsInScopeAs(event.actor, context.nextSigner, context) &&
      maySit(context.seats, event.actor.id, context.nextSigner) &&
      maySign(event.actor, context.signatures, context.applicantId),
    allSigned: ({ context }) => context.step >= GOODWILL_SIGNERS.length,
    waiverConfirmed: ({ context }) => context.waiverConfirmedBy !== null,
  },
  actions: {
    sit: assign(({ context, event }, params: { role: Role }) => ({
      seats: takeSeat(context.seats, event.actor.id, params.role),
    })),
    /** Before the turn moves on: the seat of the signer whose turn it was. */
    sitOnTurn: assign(({ context, event }) => ({
      seats: takeSeat(context.seats, event.actor.id, context.nextSigner ?? 'oem_aftersales_rep'),
    })),
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
            const costLines = costLinesOf(data) ?? [];
            const complaint = recordedReferences(data).complaintId;
            return {
              caseId: event.caseId,
              dealerId: String(data.dealerId),
              ...(typeof data.regionId === 'string' ? { regionId: data.regionId } : {}),
              complaintId: text(data, 'complaintId'),
              applicantId: event.actor.id,
              amountCents: sumOf(costLines, 'direct'),
              costLines,
              consequentialAmountCents: sumOf(costLines, 'consequential'),
              complaintMajor: complaint === undefined ? null : complaint.major === true,
              currency: text(data, 'currency') ?? 'CNY',
              lossDescription: text(data, 'lossDescription') ?? '',
              waiver: { signedAt: waiver.signedAt ?? '', documentRef: waiver.documentRef ?? '' },
              emergencyAdvance: advanceOf(data) !== null,
              advance: advanceOf(data),
              assignedRole: 'oem_aftersales_rep' as const,
              seats: [{ actorId: event.actor.id, role: 'service_director' as const }],
            };
          }),
        },
      },
    },
    awaiting_waiver_confirmation: {
      on: {
        GoodwillWaiverConfirmed: {
          guard: { type: 'actsInSeatAs', params: { role: 'oem_aftersales_rep' } },
          target: 'awaiting_signatures',
          actions: [
            { type: 'sit', params: { role: 'oem_aftersales_rep' } },
            assign(({ event }) => ({
              waiverConfirmedBy: event.actor.id,
              step: 0,
              nextSigner: signerAt(0),
              assignedRole: signerAt(0),
            })),
          ],
        },
        GoodwillApplicationRejected: {
          guard: { type: 'actsInSeatAs', params: { role: 'oem_aftersales_rep' } },
          target: 'rejected',
          actions: [
            { type: 'sit', params: { role: 'oem_aftersales_rep' } },
            { type: 'decide', params: { decision: 'rejected' } },
            assign({ assignedRole: null }),
          ],
        },
        GoodwillApplicationReturned: {
          guard: { type: 'actsInSeatAs', params: { role: 'oem_aftersales_rep' } },
          target: 'returned',
          actions: [
            { type: 'sit', params: { role: 'oem_aftersales_rep' } },
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
          actions: [
            'sitOnTurn',
            assign(({ context, event }) => ({
              signatures: [
                ...context.signatures,
                signature(context.nextSigner!, event.actor, event.occurredAt, event.data.comment),
              ],
              step: context.step + 1,
              nextSigner: signerAt(context.step + 1),
              assignedRole: signerAt(context.step + 1),
            })),
          ],
        },
        GoodwillApplicationRejected: {
          guard: 'onTurn',
          target: 'rejected',
          actions: [
            'sitOnTurn',
            { type: 'decide', params: { decision: 'rejected' } },
            assign({ nextSigner: null, assignedRole: null }),
          ],
        },
        GoodwillApplicationReturned: {
          guard: 'onTurn',
          target: 'returned',
          actions: [
            'sitOnTurn',
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
          guard: { type: 'actsInSeatAs', params: { role: 'service_director' } },
          target: 'resubmission_recorded',
          actions: [
            { type: 'sit', params: { role: 'service_director' } },
            assign(({ context, event }) => ({
              ...resubmittedCosts(context, event.data),
              lossDescription: text(event.data, 'lossDescription') ?? context.lossDescription,
              previousRounds: [...context.previousRounds, context.signatures],
              signatures: [],
              round: context.round + 1,
              step: 0,
              nextSigner: signerAt(0),
              assignedRole: signerAt(0),
            })),
          ],
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
          guard: { type: 'actsInSeatAs', params: { role: 'product_liability' } },
          target: 'archived',
          actions: [
            { type: 'sit', params: { role: 'product_liability' } },
            assign(({ event }) => ({
              archivedBy: event.actor.id,
              assignedRole: 'regional_service_staff' as const,
            })),
          ],
        },
      },
    },
    archived: {
      on: {
        GoodwillSettlementMaterialRequested: {
          guard: { type: 'actsInSeatAs', params: { role: 'regional_service_staff' } },
          target: 'awaiting_settlement_material',
          actions: [
            { type: 'sit', params: { role: 'regional_service_staff' } },
            assign({ assignedRole: 'service_director' as const }),
          ],
        },
      },
    },
    awaiting_settlement_material: {
      on: {
        GoodwillSettlementMaterialSubmitted: {
          guard: { type: 'actsInSeatAs', params: { role: 'service_director' } },
          target: 'awaiting_settlement',
          actions: [
            { type: 'sit', params: { role: 'service_director' } },
            assign(({ event }) => ({
              settlementDocuments: Array.isArray(event.data.documents)
                ? (event.data.documents as string[])
                : [],
              assignedRole: 'product_liability' as const,
            })),
          ],
        },
      },
    },
    awaiting_settlement: {
      on: {
        GoodwillSettled: {
          guard: { type: 'actsInSeatAs', params: { role: 'product_liability' } },
          target: 'settled',
          actions: [
            { type: 'sit', params: { role: 'product_liability' } },
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
