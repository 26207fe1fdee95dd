// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { actsInScopeAs, type CaseEvent, type Role } from '../../../libs/kernel/index.js';
import { instantOf } from '../eligibility/calendar-dates.js';
import type { CoverageKind, EligibilityDecision } from '../eligibility/eligibility-request.js';
import type { WarrantyClaimContext } from '../warranty-claim-context.js';
import { textOf as text } from './event-data.js';

const empty: WarrantyClaimContext = {
  caseId: '',
  dealerId: '',
  assignedRole: null,
  repairOrderId: '',
  vehicle: { vin: '', use: 'private', invoiceDate: '', mileageKm: 0 },
  fault: { system: 'other', description: '' },
  parts: [],
  exclusions: [],
  laborCents: 0,
  partsCents: 0,
  systemPriceCents: 0,
  currency: 'CNY',
  serviceCompletedAt: '',
  faultReportedAt: null,
  qualityProblem: null,
  qualityNotes: null,
  eligibility: null,
  filingDeadlineMissed: false,
  filingDueAt: null,
  submittedAt: null,
  waybill: null,
  oldPartsReceivedAt: null,
  oldPartTags: [],
  oldPartsReturnMissed: false,
  inspection: null,
  approvedCents: null,
  rejectionReason: null,
  paymentReference: null,
  callback: null,
  withdrawalReason: null,
  dealerSide: [],
};

/** Coverage that makes a dealer's repair claimable from the OEM; a preferential candidate is another process. */
const CLAIMABLE_COVERAGE: readonly CoverageKind[] = [
  'vehicle_replacement_or_return',
  'assembly_replacement',
  'free_repair',
  'oem_warranty_repair',
  'part_warranty',
  'wear_part',
  'backup_vehicle',
];

/** A claim the OEM can pay: a quality problem and at least one warranty coverage (not merely preferential). */
function isClaimable(qualityProblem: boolean | null, eligibility: EligibilityDecision | null): boolean {
  return (
    qualityProblem === true &&
    eligibility !== null &&
    eligibility.coverage.some((coverage) => (CLAIMABLE_COVERAGE as readonly string[]).includes(coverage.kind))
  );
}

/**
 * Seed 002: 「经销商索赔员在给客户提供服务后的0到10日内向长安福特提交索赔申请」— the OEM accepts a claim up to
 * 10 days (240 hours) after the service was completed.
 */
export const FILING_DAYS = 10;
const DAY = 86_400_000;

/** Whether a claim filed at `at` is inside the filing window that began when the service was completed. */
export function withinFilingWindow(serviceCompletedAt: string, at: string): boolean {
  return instantOf(at) - instantOf(serviceCompletedAt) <= FILING_DAYS * DAY;
}

function actedForTheDealer(context: WarrantyClaimContext, personId: string): boolean {
  return (context.dealerSide ?? []).includes(personId);
}

/**
 * Warranty claim v3: v2 (DOMAIN.md §4, seeds 000/001/002: the claims clerk determines the quality problem,
 * files within 10 days of the service and ships the tagged old parts; the OEM receives and inspects them,
 * approves at most the system price or rejects, pays and calls the customer back) with segregation of duties
 * by person (#22): whoever acted for the dealer on a claim (`dealerSide`: opened, determined, filed or shipped
 * it) never takes the OEM's steps on it, whatever roles their token carries — a person who is both a
 * dealer's claims clerk and OEM claims staff cannot approve or pay their own claim.
 */
export const warrantyClaimMachineV3 = setup({
  types: {} as { context: WarrantyClaimContext; events: CaseEvent },
  guards: {
    canOpen: ({ event }) => event.actor.dealerId !== undefined && event.actor.roles.includes('claims_clerk'),
    actsAs: ({ context, event }, params: { role: Role }) => actsInScopeAs(event.actor, params.role, context),
    /** The role in scope, and not a person who acted for the dealer on this claim: the OEM's side. */
    actsApartAs: ({ context, event }, params: { role: Role }) =>
      actsInScopeAs(event.actor, params.role, context) && !actedForTheDealer(context, event.actor.id),
    bySystem: ({ event }) => event.actor.roles.includes('system'),
    claimable: ({ context }) => isClaimable(context.qualityProblem, context.eligibility),
    /** Approval only after the OEM's inspection confirmed the part caused the failure (seed 002). */
    partConfirmedApartAs: ({ context, event }, params: { role: Role }) =>
      actsInScopeAs(event.actor, params.role, context) &&
      !actedForTheDealer(context, event.actor.id) &&
      context.inspection?.partCausedFailure === true,
    /** The old parts were not returned in time: the OEM may reject instead of waiting for them. */
    returnMissedApartAs: ({ context, event }, params: { role: Role }) =>
      actsInScopeAs(event.actor, params.role, context) &&
      !actedForTheDealer(context, event.actor.id) &&
      context.oldPartsReturnMissed === true,
    /** The role in scope, and the command's time inside the filing window (seed 002). */
    filesInTimeAs: ({ context, event }, params: { role: Role }) =>
      actsInScopeAs(event.actor, params.role, context) &&
      withinFilingWindow(context.serviceCompletedAt, event.occurredAt),
  },
  actions: {
    /** The person acting for the dealer is remembered, so they never act for the OEM on this claim. */
    noteDealerSide: assign(({ context, event }) => ({
      dealerSide: actedForTheDealer(context, event.actor.id)
        ? context.dealerSide
        : [...(context.dealerSide ?? []), event.actor.id],
    })),
    recordBreach: assign(({ event }) => ({
      filingDeadlineMissed: true,
      filingDueAt: text(event.data, 'dueAt'),
    })),
    recordReturnMissed: assign({ oldPartsReturnMissed: true }),
    recordRejection: assign(({ event }) => ({
      rejectionReason: text(event.data, 'reason'),
      assignedRole: null,
    })),
    recordWithdrawal: assign(({ event }) => ({
      withdrawalReason: text(event.data, 'reason'),
      assignedRole: null,
    })),
  },
}).createMachine({
  id: 'warranty-claim',
  initial: 'none',
  context: empty,
  states: {
    none: {
      on: {
        WarrantyClaimOpened: {
          guard: 'canOpen',
          target: 'awaiting_quality_determination',
          actions: [
            assign(({ event }) => {
              const data = event.data;
              const laborCents = Number(data.laborCents);
              const partsCents = Number(data.partsCents);
              return {
                caseId: event.caseId,
                dealerId: String(data.dealerId),
                ...(typeof data.regionId === 'string' ? { regionId: data.regionId } : {}),
                repairOrderId: text(data, 'repairOrderId') ?? '',
                vehicle: data.vehicle as WarrantyClaimContext['vehicle'],
                fault: data.fault as WarrantyClaimContext['fault'],
                parts: (data.parts ?? []) as WarrantyClaimContext['parts'],
                exclusions: (data.exclusions ?? []) as string[],
                laborCents,
                partsCents,
                systemPriceCents: laborCents + partsCents,
                currency: text(data, 'currency') ?? 'CNY',
                serviceCompletedAt: text(data, 'serviceCompletedAt') ?? '',
                faultReportedAt: text(data, 'faultReportedAt'),
                assignedRole: 'claims_clerk' as const,
              };
            }),
            'noteDealerSide',
          ],
        },
      },
    },
    awaiting_quality_determination: {
      on: {
        WarrantyClaimQualityDetermined: {
          guard: { type: 'actsAs', params: { role: 'claims_clerk' } },
          target: 'quality_determined',
          actions: [
            assign(({ event }) => ({
              qualityProblem: event.data.qualityProblem === true,
              qualityNotes: text(event.data, 'notes'),
              eligibility: (event.data.eligibility ?? null) as EligibilityDecision | null,
            })),
            'noteDealerSide',
          ],
        },
        WarrantyClaimWithdrawn: {
          guard: { type: 'actsAs', params: { role: 'claims_clerk' } },
          target: 'withdrawn',
          actions: 'recordWithdrawal',
        },
        WarrantyClaimDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
      },
    },
    /** Transient: only a quality problem with warranty coverage goes on to be filed. */
    quality_determined: {
      always: [
        { guard: 'claimable', target: 'awaiting_submission' },
        { target: 'not_eligible', actions: assign({ assignedRole: null }) },
      ],
    },
    awaiting_submission: {
      on: {
        WarrantyClaimSubmitted: {
          guard: { type: 'filesInTimeAs', params: { role: 'claims_clerk' } },
          target: 'submitted',
          actions: [assign(({ event }) => ({ submittedAt: event.occurredAt })), 'noteDealerSide'],
        },
        WarrantyClaimWithdrawn: {
          guard: { type: 'actsAs', params: { role: 'claims_clerk' } },
          target: 'withdrawn',
          actions: 'recordWithdrawal',
        },
        WarrantyClaimDeadlineBreached: { guard: 'bySystem', actions: 'recordBreach' },
      },
    },
    submitted: {
      on: {
        WarrantyClaimOldPartsShipped: {
          guard: { type: 'actsAs', params: { role: 'claims_clerk' } },
          target: 'old_parts_shipped',
          actions: [
            assign(({ event }) => ({
              waybill: text(event.data, 'waybill'),
              oldPartTags: (event.data.tags ?? []) as WarrantyClaimContext['oldPartTags'],
              assignedRole: 'oem_claims' as const,
            })),
            'noteDealerSide',
          ],
        },
        WarrantyClaimDeadlineBreached: { guard: 'bySystem', actions: 'recordReturnMissed' },
        WarrantyClaimRejected: {
          guard: { type: 'returnMissedApartAs', params: { role: 'oem_claims' } },
          target: 'rejected',
          actions: 'recordRejection',
        },
      },
    },
    old_parts_shipped: {
      on: {
        WarrantyClaimOldPartsReceived: {
          guard: { type: 'actsApartAs', params: { role: 'oem_claims' } },
          target: 'awaiting_inspection',
          actions: assign(({ event }) => ({ oldPartsReceivedAt: event.occurredAt })),
        },
        WarrantyClaimDeadlineBreached: { guard: 'bySystem', actions: 'recordReturnMissed' },
        WarrantyClaimRejected: {
          guard: { type: 'returnMissedApartAs', params: { role: 'oem_claims' } },
          target: 'rejected',
          actions: 'recordRejection',
        },
      },
    },
    /** The OEM's claims centre inspects the returned parts: the cause, and what becomes of each part. */
    awaiting_inspection: {
      on: {
        WarrantyClaimOldPartsInspected: {
          guard: { type: 'actsApartAs', params: { role: 'oem_claims' } },
          target: 'awaiting_decision',
          actions: assign(({ event }) => ({
            inspection: {
              partCausedFailure: event.data.partCausedFailure === true,
              findings: text(event.data, 'findings') ?? '',
              disposition: text(event.data, 'disposition') ?? '',
              at: event.occurredAt,
            },
          })),
        },
      },
    },
    awaiting_decision: {
      on: {
        WarrantyClaimApproved: {
          guard: { type: 'partConfirmedApartAs', params: { role: 'oem_claims' } },
          target: 'approved',
          actions: assign(({ event }) => ({ approvedCents: Number(event.data.approvedCents) })),
        },
        WarrantyClaimRejected: {
          guard: { type: 'actsApartAs', params: { role: 'oem_claims' } },
          target: 'rejected',
          actions: 'recordRejection',
        },
      },
    },
    approved: {
      on: {
        WarrantyClaimPaid: {
          guard: { type: 'actsApartAs', params: { role: 'oem_claims' } },
          target: 'paid',
          actions: assign(({ event }) => ({ paymentReference: text(event.data, 'reference') })),
        },
      },
    },
    paid: {
      on: {
        WarrantyClaimCallbackRecorded: {
          guard: { type: 'actsApartAs', params: { role: 'oem_claims' } },
          target: 'closed',
          actions: assign(({ event }) => ({
            callback: {
              satisfaction: text(event.data, 'satisfaction') ?? '',
              courtesy: text(event.data, 'courtesy'),
              convenience: text(event.data, 'convenience'),
              customerPaid: event.data.customerPaid === true,
              at: event.occurredAt,
            },
            assignedRole: null,
          })),
        },
      },
    },
    not_eligible: {},
    withdrawn: {},
    rejected: {},
    closed: {},
  },
});
