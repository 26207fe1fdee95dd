import { isDealerRole, type Actor, type Role } from '../kernel/index.js';

export const DEALER = 'D001';
export const OTHER_DEALER = 'D002';
export const REGION = 'R01';
export const OTHER_REGION = 'R02';

/**
 * An actor holding one role. Dealer roles default to dealer D001 in region R01; OEM roles default to
 * region R01 (pass `regionId: undefined` explicitly via `national` for national staff).
 */
export function actorAs(role: Role, overrides: Partial<Actor> = {}): Actor {
  const base: Actor = isDealerRole(role)
    ? { id: `${role}-1`, name: role, roles: [role], dealerId: DEALER, regionId: REGION }
    : { id: `${role}-1`, name: role, roles: [role], regionId: REGION };
  return { ...base, ...overrides };
}

/** National OEM staff (no region) or auditors. */
export function nationalActorAs(role: Role, overrides: Partial<Actor> = {}): Actor {
  return { id: `${role}-national`, name: role, roles: [role], ...overrides };
}
