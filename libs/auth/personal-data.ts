import type { Actor, Role } from '../kernel/index.js';

/** Roles that talk to the customer and so see names and phone numbers in lists (DOMAIN.md roles). */
export const CUSTOMER_FACING_ROLES: readonly Role[] = [
  'reception',
  'customer_service',
  'service_advisor',
  'service_manager',
  'general_manager',
];

export function seesPersonalData(actor: Actor): boolean {
  return actor.roles.some((role) => CUSTOMER_FACING_ROLES.includes(role));
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

/**
 * A case's data with the customer's name and phone masked, for list views shown to roles that do not
 * deal with the customer. The event log keeps the real values; see docs/security.md for retention.
 */
export function maskCustomer<T extends Record<string, unknown>>(data: T): T {
  const customer = data.customer as { name?: unknown; phone?: unknown } | undefined;
  if (customer === undefined || customer === null || typeof customer !== 'object') return data;
  return {
    ...data,
    customer: {
      ...customer,
      ...(typeof customer.name === 'string' ? { name: maskName(customer.name) } : {}),
      ...(typeof customer.phone === 'string' ? { phone: maskPhone(customer.phone) } : {}),
    },
  };
}
