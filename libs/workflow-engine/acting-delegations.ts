import {
  OEM_ROLES,
  actsInScopeAs,
  canSee,
  type Actor,
  type CaseOwner,
  type OnBehalfOf,
  type Role,
} from '../kernel/index.js';
import { delegationStatus, type Delegation } from './delegation-record.js';

/**
 * The roles an approver may lend for an absence: the OEM roles, which decide the approval chains and the
 * OEM's steps. Dealer roles are never lent: a dealer's own staff act on their cases already, and lending
 * one across dealers would widen a scope.
 */
export const DELEGABLE_ROLES: readonly Role[] = OEM_ROLES;

/** A delegate as the machine sees them when acting for someone: their own id, the lent roles added. */
export interface DelegatedActor {
  readonly actor: Actor;
  readonly onBehalfOf: OnBehalfOf;
}

/**
 * The delegations a delegate may act under now, each as the actor the machine decides with. The engine
 * asks only after the actor's own roles were refused, so acting for someone is the exception, never a
 * second way to do what one may do oneself.
 */
export interface ActingDelegations {
  /** Exact as of the store's head: a revocation recorded by any process is honoured at once. */
  actingFor(actor: Actor, owner: CaseOwner, at: string): Promise<readonly DelegatedActor[]>;
}

/**
 * The actor a delegate decides with on one case under one active delegation, or undefined when the
 * delegation lends nothing here. Scope never widens:
 * - the case must be visible to the delegate on their own (their own roles, dealer and region);
 * - a lent role counts only where the delegator could act in it (their region, or nationally);
 * - dealer staff never take an OEM role: the approval is the OEM's control over the dealer.
 * The delegate keeps their own id and name, so every guard keyed by the person (one signature per person,
 * the applicant never approves, v2 seats) holds for whoever acts.
 */
export function delegatedActor(
  delegate: Actor,
  delegation: Delegation,
  owner: CaseOwner,
): DelegatedActor | undefined {
  if (delegate.id !== delegation.delegate.id || delegate.id === delegation.delegator.id) return undefined;
  if (delegate.dealerId !== undefined || !canSee(delegate, owner)) return undefined;
  const delegator: Actor = { ...delegation.delegator };
  const lent = delegation.delegator.roles.filter(
    (role) =>
      DELEGABLE_ROLES.includes(role) &&
      !delegate.roles.includes(role) &&
      actsInScopeAs(delegator, role, owner),
  );
  if (lent.length === 0) return undefined;
  return {
    actor: { ...delegate, roles: [...delegate.roles, ...lent] },
    onBehalfOf: {
      id: delegation.delegator.id,
      ...(delegation.delegator.name !== undefined ? { name: delegation.delegator.name } : {}),
      roles: lent,
      delegationId: delegation.id,
    },
  };
}

/** The actors a delegate decides with on a case of `owner`, one per delegation of theirs active at `at`. */
export function delegatedActors(
  delegate: Actor,
  delegations: readonly Delegation[],
  owner: CaseOwner,
  at: string,
): DelegatedActor[] {
  return delegations
    .filter((delegation) => delegationStatus(delegation, at) === 'active')
    .map((delegation) => delegatedActor(delegate, delegation, owner))
    .filter((acting): acting is DelegatedActor => acting !== undefined);
}
