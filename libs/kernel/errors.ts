/**
 * Domain and engine errors. The HTTP layer maps each class to a problem+json type and status code in one
 * table (apps/api/src/http/error-problems.ts), so no layer below HTTP knows about status codes.
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
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export class WrongExpectedRevisionError extends EngineError {
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
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not exist`);
  }
}

/** An event id already stored in another stream or at another place: a retried command never lands twice. */
export class DuplicateEventIdError extends EngineError {
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`Event ${eventId} is already stored in ${streamId}`);
  }
}

export class CaseNotFoundError extends EngineError {
  constructor(
    readonly caseType: string,
    readonly caseId: string,
  ) {
    super(`No ${caseType} with id ${caseId}`);
  }
}

/** The case's state, or the caller, does not allow this action now. */
export class TransitionNotAllowedError extends EngineError {
  constructor(
    readonly action: string,
    readonly state: string,
    readonly allowedActions: readonly string[],
  ) {
    super(`Action '${action}' is not allowed in state '${state}' for this caller`);
  }
}

/** The caller's roles can never perform this action on this resource. */
export class ForbiddenError extends EngineError {}

/** `If-Match` named a revision the case has moved past. */
export class PreconditionFailedError extends EngineError {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`The case is at revision ${actual}, not ${expected}; reload it and decide again`);
  }
}

/** Input that is well-formed but breaks a rule (a field and why). */
export class ValidationFailedError extends EngineError {
  constructor(
    readonly errors: readonly FieldError[],
    message = 'The request is not valid',
  ) {
    super(message);
  }
}

/**
 * Input that is well-formed and valid, refused by a rule of the reference data a workflow judges it with
 * (an eligibility policy, say): each error names the field and the rule (HTTP 422, not 400, because the
 * request is right and the facts it states are what the rule refuses).
 */
export class RefusedByRuleError extends ValidationFailedError {}

/** A business rule refuses the request although the action itself is allowed now. */
export class BusinessRuleViolationError extends EngineError {
  constructor(
    readonly errors: readonly FieldError[],
    message: string,
  ) {
    super(message);
  }
}

/** The same Idempotency-Key was used again for a different request. */
export class IdempotencyKeyReusedError extends EngineError {
  constructor(readonly key: string) {
    super(`Idempotency-Key '${key}' was already used for a different request`);
  }
}

/** Concurrent writers kept winning; the command was not applied. */
export class ConcurrencyExhaustedError extends EngineError {}

/**
 * The case's personal data was erased: a command carrying personal data can no longer be recorded, nor a
 * repeat of one be matched to its first outcome (its fingerprint needed the destroyed key).
 */
export class PersonalDataErasedError extends EngineError {
  constructor(readonly caseId: string) {
    super(
      `The personal data of case ${caseId} was erased: a request carrying personal data can no longer be recorded or matched to an earlier one`,
    );
  }
}

/**
 * A command whose workflow requires documents the case does not carry yet (RequiredDocuments): refused
 * with 422 before anything is appended, naming the missing kinds; attach them and send it again.
 */
export class MissingDocumentsError extends RefusedByRuleError {
  constructor(
    readonly action: string,
    readonly missing: readonly string[],
  ) {
    super(
      missing.map((kind) => ({
        field: 'attachments',
        reason: `a '${kind}' attachment is required before '${action}'`,
        code: 'document_required',
        allowed: [kind],
      })),
      `'${action}' needs these documents attached to the case first: ${missing.join(', ')}`,
    );
  }
}
