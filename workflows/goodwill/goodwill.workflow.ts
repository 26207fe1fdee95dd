import type { WorkflowDefinition } from '../../libs/kernel/index.js';
import { GOODWILL_SIGNERS, GoodwillEvents } from './events.js';
import type { GoodwillContext } from './goodwill-context.js';
import { goodwillMachineV1 } from './v1/machine.js';
import { goodwillMachineV2 } from './v2/machine.js';

/** The goodwill payment approval chain, version 1. */
export const goodwillWorkflowV1: WorkflowDefinition<GoodwillContext> = {
  caseType: 'goodwill',
  resource: 'goodwill-applications',
  version: 1,
  machine: goodwillMachineV1,
  approvalChain: GOODWILL_SIGNERS,
  create: {
    eventType: GoodwillEvents.submitted,
    roles: ['service_director'],
    description: "The dealer's service director applies, with the amount and the signed liability waiver.",
    references: { complaintId: 'complaint' },
  },
  actions: {
    'confirm-waiver': {
      eventType: GoodwillEvents.waiverConfirmed,
      roles: ['oem_aftersales_rep'],
      description: 'OEM after-sales confirms the liability-waiver agreement (免责协议).',
    },
    approve: {
      eventType: GoodwillEvents.signed,
      roles: [...GOODWILL_SIGNERS],
      description: 'The signer whose turn it is signs; product liability submits; the leadership approves.',
    },
    reject: {
      eventType: GoodwillEvents.rejected,
      roles: [...GOODWILL_SIGNERS],
      description: 'The signer whose turn it is rejects the application for good, with the reason.',
    },
    return: {
      eventType: GoodwillEvents.returned,
      roles: [...GOODWILL_SIGNERS],
      description: 'The signer whose turn it is sends it back to the dealer for correction.',
    },
    resubmit: {
      eventType: GoodwillEvents.resubmitted,
      roles: ['service_director'],
      description: 'The dealer corrects and resubmits; the signatures start again.',
    },
    'notify-regional-staff': {
      eventType: GoodwillEvents.regionalStaffNotified,
      roles: ['product_liability'],
      description: 'Product liability notifies the regional staff and archives the form.',
    },
    'request-settlement-material': {
      eventType: GoodwillEvents.settlementMaterialRequested,
      roles: ['regional_service_staff'],
      description: 'Regional staff ask the dealer for the settlement material.',
    },
    'submit-settlement-material': {
      eventType: GoodwillEvents.settlementMaterialSubmitted,
      roles: ['service_director'],
      description: 'The dealer submits invoices, settlement sheet, court judgment, …',
    },
    settle: {
      eventType: GoodwillEvents.settled,
      roles: ['product_liability'],
      description: 'Product liability pays; never more than the approved amount.',
      check: (context, data) =>
        context !== undefined &&
        typeof data.paidAmountCents === 'number' &&
        data.paidAmountCents > (context.approvedAmountCents ?? 0)
          ? [
              {
                field: 'paidAmountCents',
                reason: `must not exceed the approved ${context.approvedAmountCents ?? 0} (${context.currency} minor units) without a new approval`,
              },
            ]
          : [],
    },
  },
  finalStates: ['rejected', 'settled'],
  listFacets: { linkedCaseId: 'complaintId' },
};

/**
 * Version 2: the same actions and events, with segregation of duties by person (approvals/seats.ts): one
 * person acts in one role on the chain, and the applicant in none of the OEM's. New applications start on
 * v2; applications opened under v1 keep v1 for their whole life (docs/approvals.md).
 */
export const goodwillWorkflowV2: WorkflowDefinition<GoodwillContext> = {
  ...goodwillWorkflowV1,
  version: 2,
  machine: goodwillMachineV2,
};
