import { hash } from 'node:crypto';
import type { RecordedEvent } from '../kernel/index.js';

/** The store-wide chain's value before the first event. */
export const LOG_GENESIS = '0'.repeat(64);

/** Where a walk of the global log stands: how many events it has passed and the chain over them. */
export interface LogChainState {
  /** Position of the last event folded in (0 before the first). */
  readonly position: number;
  readonly events: number;
  readonly chainHash: string;
}

export const EMPTY_LOG: LogChainState = { position: 0, events: 0, chainHash: LOG_GENESIS };

/**
 * One link of the store-wide chain: SHA-256 (hex) of the previous link and the event's place and hash,
 * `"<previous>\n<position> <streamId> <revision> <hash>"`. Each event's own hash already covers its content,
 * so the chain commits to every event of the log, in log order: a deleted, added or reordered event
 * anywhere changes every link after it. An auditor recomputes it offline (docs/audit.md).
 */
export function nextLink(previous: string, event: RecordedEvent): string {
  const eventHash = typeof event.metadata.hash === 'string' ? event.metadata.hash : '';
  return hash('sha256', `${previous}\n${event.position} ${event.streamId} ${event.revision} ${eventHash}`);
}

export function foldEvent(state: LogChainState, event: RecordedEvent): LogChainState {
  return {
    position: event.position,
    events: state.events + 1,
    chainHash: nextLink(state.chainHash, event),
  };
}
