/**
 * The words of an eligibility request and of the policy files (API.md "Warranty claims"). A policy file may
 * only use these; the HTTP layer accepts only these.
 */
export const VEHICLE_USES = ['private', 'taxi', 'commercial'] as const;
export const POWERTRAINS = ['ice', 'bev', 'phev'] as const;
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
/** Seed 000's part classes: 消耗件, 易损件, 维修零件, 基础件, 肇事件, 标准件, 车身覆盖件, 保安件. */
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
export const SENSITIVITIES = ['media', 'vip', 'key_account', 'demanding'] as const;
export const COVERAGE_KINDS = [
  'vehicle_replacement_or_return',
  'assembly_replacement',
  'free_repair',
  'oem_warranty_repair',
  'part_warranty',
  'wear_part',
  'backup_vehicle',
  'preferential_claim_candidate',
] as const;
