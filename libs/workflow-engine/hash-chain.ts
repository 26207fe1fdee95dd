import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The `prevHash` of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashableEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  /** Metadata including `prevHash`; a `hash` key, if present, is left out of its own hash. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * SHA-256 over the canonical JSON of the event's identity, payload and metadata (which carries the
 * previous event's hash). Editing, removing or reordering any event breaks every hash after it.
 * An auditor can recompute it offline: see docs/audit.md.
 */
export function eventHash(event: HashableEvent): string {
  const { hash: _ignored, ...metadata } = event.metadata;
  const content = canonicalJson({
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata,
  });
  // One-shot: no Hash object per event, so nothing for the young generation's collector to finalise.
  return hash('sha256', content);
}

/** A fingerprint of a request, to tell a true retry from a reused Idempotency-Key. */
export function commandFingerprint(request: unknown): string {
  return hash('sha256', canonicalJson(request));
}
