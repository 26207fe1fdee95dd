import type { EventTypesOf, WorkflowEvents } from '../../libs/kernel/index.js';
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
} as const;

/** The 7-level satisfaction scale of seed 001, used for the OEM's callback. */
export const CALLBACK_SATISFACTION = [
  'very_satisfied',
  'satisfied',
  'fairly_satisfied',
  'neutral',
  'somewhat_dissatisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;

/** What the OEM's claims centre does with a returned old part after inspecting it (v2). */
export const OLD_PART_DISPOSITIONS = ['scrap', 'return_to_supplier', 'keep_for_analysis'] as const;

/** Every event a warranty claim records, as a union discriminated by `type`. */
export type WarrantyClaimEvent = WorkflowEvents<EventTypesOf<typeof WarrantyClaimEvents>>;
