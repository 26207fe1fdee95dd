import { SATISFACTION_SCALE, type EventTypesOf, type WorkflowEvents } from '../../libs/kernel/index.js';
/** Warranty claim events (质量保修索赔, DOMAIN.md §4, seeds 000/001/002). Names are stable forever. */
export const WarrantyClaimEvents = {
  opened: 'WarrantyClaimOpened',
  qualityDetermined: 'WarrantyClaimQualityDetermined',
  submitted: 'WarrantyClaimSubmitted',
  withdrawn: 'WarrantyClaimWithdrawn',
  oldPartsShipped: 'WarrantyClaimOldPartsShipped',
  oldPartsReceived: 'WarrantyClaimOldPartsReceived',
  oldPartsInspected: 'WarrantyClaimOldPartsInspected',
  approved: 'WarrantyClaimApproved',
  rejected: 'WarrantyClaimRejected',
  paid: 'WarrantyClaimPaid',
  callbackRecorded: 'WarrantyClaimCallbackRecorded',
  deadlineBreached: 'WarrantyClaimDeadlineBreached',
  wholeVehicleApproved: 'WarrantyClaimWholeVehicleApproved',
  customerPaidFollowedUp: 'WarrantyClaimCustomerPaidFollowedUp',
  preferentialClaimOpened: 'WarrantyClaimPreferentialClaimOpened',
} as const;

/** The 7-level satisfaction scale of seed 001, used for the OEM's callback. */
export const CALLBACK_SATISFACTION = SATISFACTION_SCALE;

/** What the OEM's claims centre does with a returned old part after inspecting it (v2). */
export const OLD_PART_DISPOSITIONS = ['scrap', 'return_to_supplier', 'keep_for_analysis'] as const;

/** v4: the grounds of a whole-vehicle claim (整车索赔, seed 001 「申请整车索赔条件」 (1)–(3)). */
export const WHOLE_VEHICLE_GROUNDS = [
  'fault_not_eliminable',
  'repair_below_national_standard',
  'major_failure_within_24h',
] as const;

/** v4: what the OEM grants on an approved whole-vehicle claim. */
export const WHOLE_VEHICLE_REMEDIES = ['replacement', 'vehicle_return'] as const;

/** v4: how the OEM's follow-up of a customer who paid for a warranty repair ends. */
export const CUSTOMER_PAID_OUTCOMES = [
  'refunded_to_customer',
  'dealer_charged_back',
  'charge_justified',
] as const;

/** Every event a warranty claim records, as a union discriminated by `type`. */
export type WarrantyClaimEvent = WorkflowEvents<EventTypesOf<typeof WarrantyClaimEvents>>;
