import type { EventTypesOf, WorkflowEvents } from '../../libs/kernel/index.js';
/** Preferential claim events (优惠索赔, DOMAIN.md §3, seed 003). Names are stable forever. */
export const PreferentialClaimEvents = {
  opened: 'PreferentialClaimOpened',
  vehicleVerified: 'PreferentialClaimVehicleVerified',
  qualityDecided: 'PreferentialClaimQualityDecided',
  /** From v3: the FSR's 「可办理」 decision after the FTM's verdict. */
  claimabilityDecided: 'PreferentialClaimClaimabilityDecided',
  formFilled: 'PreferentialClaimFormFilled',
  signed: 'PreferentialClaimSigned',
  audited: 'PreferentialClaimAudited',
  processed: 'PreferentialClaimProcessed',
  resultNotified: 'PreferentialClaimResultNotified',
  settled: 'PreferentialClaimSettled',
  rejected: 'PreferentialClaimRejected',
} as const;

export const CUSTOMER_SENSITIVITIES = ['media', 'vip', 'key_account', 'demanding'] as const;
/** What the dealer's initial review found as the cause; a natural disaster is never eligible [003]. */
export const FAULT_CAUSES = [
  'quality_defect',
  'wear',
  'improper_use',
  'accident',
  'natural_disaster',
  'unknown',
] as const;
export type FaultCause = (typeof FAULT_CAUSES)[number];

/** Every event a preferential claim records, as a union discriminated by `type`. */
export type PreferentialClaimEvent = WorkflowEvents<EventTypesOf<typeof PreferentialClaimEvents>>;
