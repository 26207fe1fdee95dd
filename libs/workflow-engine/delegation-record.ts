import type { Actor, RecordedEvent, Role } from '../kernel/index.js';
import { streamIdOf } from './stream-name.js';

/**
 * `caseType` in the metadata of a delegation's events. A delegation lives in a stream of its own
 * (`delegation-<id>`), never in a case's stream: no machine decides it, it has a hash chain of its own, and
 * it shows in the audit index and exports under its id like every recorded event.
 */
export const DELEGATION_RECORD = 'delegation';
export const DELEGATION_DECLARED = 'DelegationDeclared';
export const DELEGATION_REVOKED = 'DelegationRevoked';
export const DECLARE_DELEGATION = 'declare-delegation';
export const REVOKE_DELEGATION = 'revoke-delegation';

export function delegationStreamOf(delegationId: string): string {
  return streamIdOf(DELEGATION_RECORD, delegationId);
}

/** The absent approver as their token described them when they declared the absence. */
export interface Delegator {
  readonly id: string;
  readonly name?: string;
  /** The roles lent to the delegate for the period (the declaring token's approver roles). */
  readonly roles: readonly Role[];
  readonly dealerId?: string;
  readonly regionId?: string;
}

/**
 * `DelegationDeclared`'s data. `dealerId` and `regionId` repeat the delegator's so the audit index and
 * store verification scope the record as they scope a case (a regional auditor sees their region's).
 */
export interface DelegationDeclaredData {
  readonly delegator: Delegator;
  readonly delegate: { readonly id: string; readonly name?: string };
  readonly from: string;
  readonly until: string;
  readonly reason?: string;
  readonly dealerId?: string;
  readonly regionId?: string;
}

export interface DelegationRevokedData {
  readonly reason?: string;
}

export type DelegationStatus = 'scheduled' | 'active' | 'ended' | 'revoked';

/** A delegation as readers see it, folded from its stream. */
export interface Delegation {
  readonly id: string;
  readonly delegator: Delegator;
  readonly delegate: { readonly id: string; readonly name?: string };
  readonly from: string;
  readonly until: string;
  readonly reason?: string;
  readonly declaredAt: string;
  readonly revoked?: {
    readonly at: string;
    readonly by: { readonly id: string; readonly name?: string };
    readonly reason?: string;
  };
  /** Revision and hash of the stream's last event (for If-Match style checks and the audit). */
  readonly revision: number;
  readonly hash: string;
}

/** Folds a delegation's stream; undefined when the stream does not start with a declaration. */
export function delegationOf(events: readonly RecordedEvent[]): Delegation | undefined {
  const [first] = events;
  if (first === undefined || first.type !== DELEGATION_DECLARED) return undefined;
  const declared = first.data as DelegationDeclaredData;
  const metadata = first.metadata as { caseId: string; occurredAt: string; hash: string };
  let delegation: Delegation = {
    id: metadata.caseId,
    delegator: declared.delegator,
    delegate: declared.delegate,
    from: declared.from,
    until: declared.until,
    ...(declared.reason !== undefined ? { reason: declared.reason } : {}),
    declaredAt: metadata.occurredAt,
    revision: first.revision,
    hash: metadata.hash,
  };
  for (const event of events.slice(1)) {
    const later = event.metadata as { occurredAt: string; hash: string; actor: Actor };
    if (event.type === DELEGATION_REVOKED && delegation.revoked === undefined) {
      const { reason } = event.data as DelegationRevokedData;
      delegation = {
        ...delegation,
        revoked: {
          at: later.occurredAt,
          by: { id: later.actor.id, ...(later.actor.name !== undefined ? { name: later.actor.name } : {}) },
          ...(reason !== undefined ? { reason } : {}),
        },
      };
    }
    delegation = { ...delegation, revision: event.revision, hash: later.hash };
  }
  return delegation;
}

/** Where a delegation stands at `at`: the period is [from, until), and a revocation ends it at once. */
export function delegationStatus(delegation: Delegation, at: string): DelegationStatus {
  if (delegation.revoked !== undefined) return 'revoked';
  const now = Date.parse(at);
  if (now < Date.parse(delegation.from)) return 'scheduled';
  if (now >= Date.parse(delegation.until)) return 'ended';
  return 'active';
}

/** What a delegation's stream may hold: one declaration first, then at most one revocation. */
export function delegationEventAllowed(event: RecordedEvent, index: number): boolean {
  if (index === 0) return event.type === DELEGATION_DECLARED;
  return index === 1 && event.type === DELEGATION_REVOKED;
}
