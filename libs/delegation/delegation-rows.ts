import type { RecordedEvent } from '../kernel/index.js';
import {
  DELEGATION_DECLARED,
  DELEGATION_RECORD,
  DELEGATION_REVOKED,
  delegationOf,
} from '../workflow-engine/index.js';

/** The delegations read model's name, in both databases: its table and its checkpoint row. */
export const DELEGATIONS_READ_MODEL = 'delegations';

/** One delegation as both read models store it; `events` is its stream as JSON, folded when read. */
export interface DelegationRow {
  readonly delegation_id: string;
  readonly delegator_id: string;
  readonly delegate_id: string;
  readonly region_id: string | null;
  readonly until_at: string;
  /** 1 once revoked, else 0. */
  readonly revoked: number;
  readonly events: string;
  /** The log position of the delegation's latest event: the newest-first order. */
  readonly position: number;
}

/** The delegation an event declares or revokes; undefined for every other event. */
export function delegationIdOf(event: RecordedEvent): string | undefined {
  const metadata = event.metadata as { caseType?: string; caseId?: string };
  if (metadata.caseType !== DELEGATION_RECORD || metadata.caseId === undefined) return undefined;
  return event.type === DELEGATION_DECLARED || event.type === DELEGATION_REVOKED
    ? metadata.caseId
    : undefined;
}

/**
 * The row after `event`, given the events stored so far (as JSON, undefined for none); undefined when it
 * changes nothing: an event already stored (a replay applies nothing twice), or a stream that folds to
 * no delegation.
 */
export function delegationRowAfter(
  stored: string | undefined,
  event: RecordedEvent,
): DelegationRow | undefined {
  const events: RecordedEvent[] = stored === undefined ? [] : (JSON.parse(stored) as RecordedEvent[]);
  if (events.some((known) => known.eventId === event.eventId)) return undefined;
  events.push(event);
  const delegation = delegationOf(events);
  if (delegation === undefined) return undefined;
  return {
    delegation_id: delegation.id,
    delegator_id: delegation.delegator.id,
    delegate_id: delegation.delegate.id,
    region_id: delegation.delegator.regionId ?? null,
    until_at: delegation.until,
    revoked: delegation.revoked === undefined ? 0 : 1,
    events: JSON.stringify(events),
    position: event.position,
  };
}
