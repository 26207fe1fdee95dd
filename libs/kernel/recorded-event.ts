import type { Actor } from './actor.js';
import type { Role } from './role.js';

/**
 * Whom a delegate acted for (docs/approvals.md "Delegation"): the absent approver, the roles of theirs the
 * delegate acted with, and the delegation that lent them. `actor` stays the person who acted.
 */
export interface OnBehalfOf {
  readonly id: string;
  readonly name?: string;
  readonly roles: readonly Role[];
  readonly delegationId: string;
}

/** Metadata the engine writes on every event (ARCHITECTURE.md "Events"). */
export interface EventMetadata {
  readonly caseType: string;
  readonly caseId: string;
  readonly machineVersion: number;
  readonly schemaVersion: number;
  readonly actor: Actor;
  /** Engine clock, injected; ISO-8601 UTC. */
  readonly occurredAt: string;
  /** Idempotency: one command, at most one event. */
  readonly commandId: string;
  /** Fingerprint of the request, so a reused Idempotency-Key with another request is detected. */
  readonly commandHash: string;
  /**
   * Set when the request carried personal data and the fingerprint holds it only as an HMAC under the
   * case's key (docs/security.md); such a fingerprint says nothing once the key is erased.
   */
  readonly commandHashKeyed?: true;
  readonly action: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly fromState: string;
  readonly toState: string;
  /** Present when a delegate acted on an absent approver's turn; the hash covers it like all metadata. */
  readonly onBehalfOf?: OnBehalfOf;
  /** Per-stream hash chain: the hash of the previous event (or the stream's genesis value) … */
  readonly prevHash: string;
  /** … and the SHA-256 over this event's canonical content and prevHash. */
  readonly hash: string;
}

/** An event as it is handed to the store. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** An event as the store gives it back. Revisions are 0-based per stream; positions grow in the global log. */
export interface RecordedEvent<TData = unknown, TMetadata = Readonly<Record<string, unknown>>> {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  readonly data: TData;
  readonly metadata: TMetadata;
  /** When the store recorded it (ISO-8601). */
  readonly recordedAt: string;
}

export type CaseRecordedEvent<TData = unknown> = RecordedEvent<TData, EventMetadata>;
