/** Role ids from DOMAIN.md. `system` is the engine itself (SLA sweeper), never issued in a token. */
export const DEALER_ROLES = [
  'reception',
  'customer_service',
  'service_advisor',
  'parts_manager',
  'technical_director',
  'service_manager',
  'general_manager',
  'service_director',
  'claims_clerk',
] as const;

/** OEM roles that act for one region (they carry a `regionId`) or nationally (no `regionId`). */
export const OEM_ROLES = [
  'oem_aftersales_rep',
  'regional_service_manager',
  'oem_general_manager',
  'product_liability',
  'oem_leadership',
  'regional_service_staff',
  'field_service_rep',
  'field_technical_manager',
  'technical_auditor',
  'oem_claims',
] as const;

/**
 * `auditor` reads everything and changes nothing; `privacy_officer` (个人信息保护负责人, OEM, national unless
 * the token names a region) erases a customer's personal data on request and acts on no workflow;
 * `integration_admin` (系统集成管理员, OEM, national) manages webhook subscriptions and acts on no workflow.
 */
export const ROLES = [
  ...DEALER_ROLES,
  ...OEM_ROLES,
  'auditor',
  'privacy_officer',
  'integration_admin',
] as const;

export type DealerRole = (typeof DEALER_ROLES)[number];
export type OemRole = (typeof OEM_ROLES)[number];
export type Role = (typeof ROLES)[number] | 'system';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isDealerRole(role: Role): role is DealerRole {
  return (DEALER_ROLES as readonly string[]).includes(role);
}
