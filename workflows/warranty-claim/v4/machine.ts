// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { actsInScopeAs, type CaseEvent, type Role } from '../../../libs/kernel/index.js';
import { instantOf } from '../eligibility/calendar-dates.js';
import type { CoverageKind, EligibilityDecision } from '../eligibility/eligibility-request.js';
import type { WarrantyClaimContext } from '../warranty-claim-context.js';
import type { ClaimPricing } from '../pricing/price-claim.js';
import { textOf as text } from './event-data.js';
import type { WholeVehicleResult } from './whole-vehicle.js';

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
  customerSensitivity: [],
  pricing: null,
  wholeVehicle: null,
  wholeVehicleDecision: null,
  customerPaidFollowUp: null,
  customerPaidFollowUpMissed: false,
  preferentialClaimId: null,
  dealerSide: [],
};

/** Coverage that makes a dealer's repair claimable from the OEM; a preferential candidate is another process. */
export const CLAIMABLE_COVERAGE: readonly CoverageKind[] = [
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
const FILING_DAYS = 10;
const DAY = 86_400_000;

function withinFilingWindow(serviceCompletedAt: string, at: string): boolean {
  return instantOf(at) - instantOf(serviceCompletedAt) <= FILING_DAYS * DAY;
}

function actedForTheDealer(context: WarrantyClaimContext, personId: string): boolean {
  return (context.dealerSide ?? []).includes(personId);
}

/** A not-eligible claim the policies found a preferential candidate for (seed 003 「优惠索赔」). */
function preferentialCandidate(context: WarrantyClaimContext): boolean {
  return (
    context.eligibility?.coverage.some((coverage) => coverage.kind === 'preferential_claim_candidate') ===
    true
  );
}

/**
 * Warranty claim v4 (docs/warranty.md "What changed from v3"): v3's path, with the claim priced from the OEM
 * price list at opening (the system price is the list's, recorded with its version); a whole-vehicle claim
 * (整车索赔, seed 001) granted at the determination takes its own path to the OEM's decision, without the
 * labour + parts claim; a callback saying the customer paid opens the OEM's follow-up of that payment before
 * the claim closes; a not-eligible claim with a preferential candidate offers the service director to open the
 * preferential claim, linked.
 *
 * As in v3, segregation of duties by person (#22): whoever acted for the dealer on a claim (`dealerSide`: opened,
 * determined, filed or shipped it, or opened the linked preferential claim) never takes the OEM's steps on it,
 * whatever roles their token carries — the new OEM steps too (the whole-vehicle decision, the customer-paid
 * follow-up).
 *
 * As in v2 (DOMAIN.md §4, seeds 000/001/002): the claims clerk inspects and determines the quality
 * problem (the eligibility decision is recorded with the event) → files the claim within 10 days of the
 * service → ships the old parts → the OEM receives them, approves at most the system price or rejects →
 * pays → calls the customer back. No quality problem, or no warranty coverage, ends it `not_eligible`.
 * Unlike v1, `submit` is guarded by the filing window: the guard reads the command's time against
 * `serviceCompletedAt`, so once the window has closed `submit` is neither offered nor accepted and only
 * `withdraw` remains. The price cap stays the workflow's `check` (it reads the payload, which guards may not).
 */
export const warrantyClaimMachineV4 = setup({
  types: {} as { context: WarrantyClaimContext; events: CaseEvent },
  guards: {
    canOpen: ({ event }) => event.actor.dealerId !== undefined && event.actor.roles.includes('claims_clerk'),
    actsAs: ({ context, event }, params: { role: Role }) => actsInScopeAs(event.actor, params.role, context),
    /** The role in scope, and not a person who acted for the dealer on this claim: the OEM's side. */
    actsApartAs: ({ context, event }, params: { role: Role }) =>
      actsInScopeAs(event.actor, params.role, context) && !actedForTheDealer(context, event.actor.id),
    bySystem: ({ event }) => event.actor.roles.includes('system'),
    claimable: ({ context }) => isClaimable(context.qualityProblem, context.eligibility),
    /** The determination granted a whole-vehicle claim (its check refused one whose conditions fail). */
    wholeVehicle: ({ context }) =>
      context.wholeVehicle !== null &&
      context.wholeVehicle !== undefined &&
      isClaimable(context.qualityProblem, context.eligibility),
    customerPaid: ({ context }) => context.callback?.customerPaid === true,
    /** Offered once: the service director opens the preferential claim for a preferential candidate. */
    preferentialOfferAs: ({ context, event }, params: { role: Role }) =>
      actsInScopeAs(event.actor, params.role, context) &&
      preferentialCandidate(context) &&
      (context.preferentialClaimId ?? null) === null,
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
    recordFollowUpMissed: assign({ customerPaidFollowUpMissed: true }),
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
              const pricing = data.pricing as ClaimPricing;
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
                pricing,
                systemPriceCents: pricing.totalCents,
                customerSensitivity: (data.customerSensitivity ?? []) as string[],
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
              wholeVehicle: (event.data.wholeVehicleResult ?? null) as WholeVehicleResult | null,
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
    /**
     * Transient: a granted whole-vehicle claim goes to the OEM's decision; otherwise only a quality problem
     * with warranty coverage goes on to be filed.
     */
    quality_determined: {
      always: [
        {
          guard: 'wholeVehicle',
          target: 'awaiting_whole_vehicle_decision',
          actions: assign({ assignedRole: 'oem_claims' as const }),
        },
        { guard: 'claimable', target: 'awaiting_submission' },
        { target: 'not_eligible', actions: assign({ assignedRole: null }) },
      ],
    },
    /** 整车索赔 (seed 001): the OEM replaces or takes back the vehicle, or rejects; no labour + parts claim. */
    awaiting_whole_vehicle_decision: {
      on: {
        WarrantyClaimWholeVehicleApproved: {
          guard: { type: 'actsApartAs', params: { role: 'oem_claims' } },
          target: 'whole_vehicle_approved',
          actions: assign(({ event }) => ({
            wholeVehicleDecision: {
              remedy: text(event.data, 'remedy') ?? '',
              notes: text(event.data, 'notes') ?? '',
              at: event.occurredAt,
            },
            assignedRole: null,
          })),
        },
        WarrantyClaimRejected: {
          guard: { type: 'actsApartAs', params: { role: 'oem_claims' } },
          target: 'rejected',
          actions: 'recordRejection',
        },
      },
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
          target: 'callback_recorded',
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
    /** Transient: a customer who paid for a warranty repair (「是否付费」 [002]) is followed up by the OEM. */
    callback_recorded: {
      always: [
        {
          guard: 'customerPaid',
          target: 'customer_paid_follow_up',
          actions: assign({ assignedRole: 'oem_claims' as const }),
        },
        { target: 'closed' },
      ],
    },
    customer_paid_follow_up: {
      on: {
        WarrantyClaimCustomerPaidFollowedUp: {
          guard: { type: 'actsApartAs', params: { role: 'oem_claims' } },
          target: 'closed',
          actions: assign(({ event }) => ({
            customerPaidFollowUp: {
              paymentResolution: text(event.data, 'paymentResolution') ?? '',
              notes: text(event.data, 'notes') ?? '',
              at: event.occurredAt,
            },
            assignedRole: null,
          })),
        },
        WarrantyClaimDeadlineBreached: { guard: 'bySystem', actions: 'recordFollowUpMissed' },
      },
    },
    not_eligible: {
      on: {
        WarrantyClaimPreferentialClaimOpened: {
          guard: { type: 'preferentialOfferAs', params: { role: 'service_director' } },
          actions: [
            assign(({ event }) => ({
              preferentialClaimId: text(event.data, 'preferentialClaimId'),
            })),
            'noteDealerSide',
          ],
        },
      },
    },
    whole_vehicle_approved: {},
    withdrawn: {},
    rejected: {},
    closed: {},
  },
});
