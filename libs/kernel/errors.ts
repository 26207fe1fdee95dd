/**
 * Domain and engine errors. Each has a stable `kind`; the HTTP layer maps kinds to problem+json types
 * and status codes in one place, so no layer below HTTP knows about status codes.
 */
export interface FieldError {
  readonly field: string;
  /** In English, for people reading the raw response. */
  readonly reason: string;
  /** Stable id of the rule broken (`required`, `too_long`, `one_of`, …), so a client can say it in its own language. */
  readonly code?: string;
  /** The rule's parameters, when it has them: a length or range limit, the values allowed. */
  readonly min?: number;
  readonly max?: number;
  readonly allowed?: readonly string[];
}

export abstract class EngineError extends Error {
  abstract readonly kind: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export class WrongExpectedRevisionError extends EngineError {
  readonly kind = 'wrong-expected-revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or `'no_stream'` when it does not exist. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFoundError extends EngineError {
  readonly kind = 'stream-not-found';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not exist`);
  }
}

/** An event id already stored in another stream or at another place: a retried command never lands twice. */
export class DuplicateEventIdError extends EngineError {
  readonly kind = 'duplicate-event-id';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`Event ${eventId} is already stored in ${streamId}`);
  }
}

export class CaseNotFoundError extends EngineError {
  readonly kind = 'case-not-found';
  constructor(
    readonly caseType: string,
    readonly caseId: string,
  ) {
    super(`No ${caseType} with id ${caseId}`);
  }
}

/** The case's state, or the caller, does not allow this action now. */
export class TransitionNotAllowedError extends EngineError {
  readonly kind = 'transition-not-allowed';
  constructor(
    readonly action: string,
    readonly state: string,
    readonly allowedActions: readonly string[],
  ) {
    super(`Action '${action}' is not allowed in state '${state}' for this caller`);
  }
}

/** The caller's roles can never perform this action on this resource. */
export class ForbiddenError extends EngineError {
  readonly kind = 'forbidden';
}

/** `If-Match` named a revision the case has moved past. */
export class PreconditionFailedError extends EngineError {
  readonly kind = 'precondition-failed';
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`The case is at revision ${actual}, not ${expected}; reload it and decide again`);
  }
}

/** Input that is well-formed but breaks a rule (a field and why). */
export class ValidationFailedError extends EngineError {
  readonly kind = 'validation-failed';
  constructor(
    readonly errors: readonly FieldError[],
    message = 'The request is not valid',
  ) {
    super(message);
  }
}

/** A business rule refuses the request although the action itself is allowed now. */
export class BusinessRuleViolationError extends EngineError {
  readonly kind = 'business-rule-violation';
  constructor(
    readonly errors: readonly FieldError[],
    message: string,
  ) {
    super(message);
  }
}

/** The same Idempotency-Key was used again for a different request. */
export class IdempotencyKeyReusedError extends EngineError {
  readonly kind = 'idempotency-key-reused';
  constructor(readonly key: string) {
    super(`Idempotency-Key '${key}' was already used for a different request`);
  }
}

/** Concurrent writers kept winning; the command was not applied. */
export class ConcurrencyExhaustedError extends EngineError {
  readonly kind = 'concurrency-exhausted';
}

/**
 * The case's personal data was erased: a command carrying personal data can no longer be recorded, nor a
 * repeat of one be matched to its first outcome (its fingerprint needed the destroyed key).
 */
export class PersonalDataErasedError extends EngineError {
  readonly kind = 'personal-data-erased';
  constructor(readonly caseId: string) {
    super(
      `The personal data of case ${caseId} was erased: a request carrying personal data can no longer be recorded or matched to an earlier one`,
    );
  }
}
