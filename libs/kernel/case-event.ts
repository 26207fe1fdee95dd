import type { Actor } from './actor.js';

/**
 * What a machine receives: a domain event (past-tense type and payload) with the actor and the time.
 * Machines read nothing else: no clock, no I/O, no randomness.
 */
export interface CaseEvent<TType extends string = string, TData = Record<string, unknown>> {
  readonly type: TType;
  readonly data: TData;
  readonly actor: Actor;
  /** ISO-8601 UTC, from the engine's injected clock. */
  readonly occurredAt: string;
  readonly caseId: string;
}
