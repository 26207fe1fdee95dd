import { actsInScopeAs, type Actor, type CaseOwner, type Role } from '../kernel/index.js';

/**
 * The dealer roles that deal with the customer (DOMAIN.md): they register, call and reply to the customer,
 * so they see names and phone numbers in clear. Every other role — OEM staff, claims clerks, service
 * directors, parts and technical staff, auditors, privacy officers — sees them masked, on every read path.
 */
export const CUSTOMER_FACING_ROLES: readonly Role[] = [
  'reception',
  'customer_service',
  'service_advisor',
  'service_manager',
  'general_manager',
];

/**
 * Whether `actor` sees the personal data of a case owned by `owner` in clear: only through a
 * customer-facing role held for that case's own dealer. A token that also carries a national OEM role
 * reads other dealers' cases through that role, and sees them masked.
 */
export function seesPersonalData(actor: Actor, owner: CaseOwner): boolean {
  return CUSTOMER_FACING_ROLES.some((role) => actsInScopeAs(actor, role, owner));
}

/** 13800138000 → 138****8000; a landline keeps its area code and last four digits. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** 王建国 → 王**; Li Lei → L*****. */
export function maskName(name: string): string {
  const characters = [...name];
  return characters.length <= 1 ? '*' : `${characters[0]}${'*'.repeat(characters.length - 1)}`;
}

const PHONE_LIKE = /^\+?[\d\s()-]{5,}$/;

/** A personal-data value as a masked reader sees it: a number keeps its ends, a text its first character. */
export function maskValue(value: string): string {
  return PHONE_LIKE.test(value) ? maskPhone(value) : maskName(value);
}
