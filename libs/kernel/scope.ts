import { hasRole, type Actor } from './actor.js';
import { isDealerRole, type Role } from './role.js';

/** The owner of a case: the dealer that first received it (first-responder responsibility) and its region. */
export interface CaseOwner {
  readonly dealerId: string;
  readonly regionId?: string;
}

/**
 * Whether `actor`, acting as `role`, may act on a case owned by `owner`:
 * dealer staff only for their own dealer; regional OEM staff only for dealers in their region;
 * national OEM staff (no regionId) everywhere. The engine is in scope everywhere.
 */
export function actsInScopeAs(actor: Actor, role: Role, owner: CaseOwner): boolean {
  if (!hasRole(actor, role)) return false;
  if (role === 'system') return true;
  if (isDealerRole(role)) return actor.dealerId !== undefined && actor.dealerId === owner.dealerId;
  if (actor.regionId === undefined) return true;
  return actor.regionId === owner.regionId;
}

/** Read scope: dealer staff see their dealer, regional staff their region, national staff and auditors all. */
export function canSee(actor: Actor, owner: CaseOwner): boolean {
  return actor.roles.some((role) => {
    if (role === 'auditor' || role === 'system')
      return actor.regionId === undefined || actor.regionId === owner.regionId;
    return actsInScopeAs(actor, role, owner);
  });
}
