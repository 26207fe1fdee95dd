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

/**
 * The cases an actor may read: every case, or those of one dealer and/or one region (a case is in scope
 * when either matches; with neither, none is). It is the union of what each of the token's roles sees,
 * so a caller reads every case one of their roles may act on: dealer roles see their dealer; every other
 * role (OEM staff, auditors, privacy officers) their region, or everything without one.
 * Lists, work queues, SLA reads and single-case reads all derive from this one description.
 */
export type ReadScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'owners'; readonly dealerId?: string; readonly regionId?: string };

export function readScopeOf(actor: Actor): ReadScope {
  let dealerId: string | undefined;
  let regionId: string | undefined;
  for (const role of actor.roles) {
    if (isDealerRole(role)) {
      dealerId ??= actor.dealerId;
    } else {
      if (actor.regionId === undefined) return { kind: 'all' };
      regionId = actor.regionId;
    }
  }
  return {
    kind: 'owners',
    ...(dealerId !== undefined ? { dealerId } : {}),
    ...(regionId !== undefined ? { regionId } : {}),
  };
}

export function inReadScope(scope: ReadScope, owner: CaseOwner): boolean {
  if (scope.kind === 'all') return true;
  return (
    (scope.dealerId !== undefined && scope.dealerId === owner.dealerId) ||
    (scope.regionId !== undefined && scope.regionId === owner.regionId)
  );
}

/** Read scope of one case: see `ReadScope`. */
export function canSee(actor: Actor, owner: CaseOwner): boolean {
  return inReadScope(readScopeOf(actor), owner);
}
