/** Warranty claim events (质量保修索赔, DOMAIN.md §4, seeds 000/001/002). Names are stable forever. */
export const WarrantyClaimEvents = {
  opened: 'WarrantyClaimOpened',
  qualityDetermined: 'WarrantyClaimQualityDetermined',
  submitted: 'WarrantyClaimSubmitted',
  withdrawn: 'WarrantyClaimWithdrawn',
  oldPartsShipped: 'WarrantyClaimOldPartsShipped',
  oldPartsReceived: 'WarrantyClaimOldPartsReceived',
  approved: 'WarrantyClaimApproved',
  rejected: 'WarrantyClaimRejected',
  paid: 'WarrantyClaimPaid',
  callbackRecorded: 'WarrantyClaimCallbackRecorded',
  deadlineBreached: 'WarrantyClaimDeadlineBreached',
} as const;

export const VEHICLE_USES = ['private', 'taxi', 'commercial'] as const;
export const FAULT_SYSTEMS = [
  'engine',
  'transmission',
  'power_battery',
  'drive_motor',
  'steering',
  'brakes',
  'suspension',
  'driveline',
  'emission_control',
  'body',
  'fuel_system',
  'electrical',
  'air_conditioning',
  'other',
] as const;
export const FAILURES = [
  'steering_failure',
  'brake_failure',
  'body_crack',
  'fuel_leak',
  'battery_fire',
] as const;
export const PART_CLASSES = [
  'consumable',
  'wear',
  'maintenance',
  'base',
  'accident',
  'standard',
  'body_panel',
  'safety',
] as const;
export const EXCLUSIONS = [
  'disclosed_defect',
  'manual_not_followed',
  'forbidden_modification',
  'improper_handling',
  'force_majeure',
  'non_authorized_repair',
  'accident',
  'overload',
] as const;
export const CALLBACK_SATISFACTION = [
  'very_satisfied',
  'satisfied',
  'fairly_satisfied',
  'neutral',
  'somewhat_dissatisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;

/** Coverage kinds that make a dealer's warranty claim payable by the OEM (not a preferential candidate). */
export const CLAIMABLE_COVERAGE = [
  'vehicle_replacement_or_return',
  'assembly_replacement',
  'free_repair',
  'oem_warranty_repair',
  'part_warranty',
  'wear_part',
  'backup_vehicle',
] as const;
