import { describe, expect, it } from '@jest/globals';
import {
  BusinessRuleViolationError,
  CaseNotFoundError,
  ConcurrencyExhaustedError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  PersonalDataErasedError,
  PreconditionFailedError,
  RefusedByRuleError,
  StreamNotFoundError,
  TransitionNotAllowedError,
  ValidationFailedError,
  WrongExpectedRevisionError,
} from '../../../../libs/kernel/index.js';
import { InvalidTokenError } from '../../../../libs/auth/index.js';
import {
  PersonalDataAlreadyErasedError,
  type ErasureRecord,
} from '../../../../libs/workflow-engine/index.js';
import { TooManyRequestsError } from '../auth/auth.guard.js';
import { ERROR_PROBLEMS } from './error-problems.js';
import { RefusedBodyError } from './json-body.js';
import { PROBLEM_TYPE_BASE } from './problem.js';
import { toProblem } from './problem-details.filter.js';

const typed = (kind: string) => `${PROBLEM_TYPE_BASE}${kind}`;
const erasure = { caseId: 'c1', erasedAt: '2026-03-02T09:00:00.000Z' } as ErasureRecord;

describe('error → problem+json: one table', () => {
  it.each([
    [
      new ValidationFailedError([{ field: 'title', reason: 'required' }]),
      400,
      'validation-failed',
      'Bad Request',
    ],
    [
      new BusinessRuleViolationError([{ field: 'id', reason: 'revoked' }], 'no'),
      400,
      'business-rule-violation',
      'Bad Request',
    ],
    [new InvalidTokenError('expired'), 401, 'unauthorized', 'Unauthorized'],
    [new ForbiddenError('not yours'), 403, 'forbidden', 'Forbidden'],
    [new CaseNotFoundError('ticket', 'c1'), 404, 'not-found', 'Not Found'],
    [new TransitionNotAllowedError('close', 'open', ['note']), 409, 'transition-not-allowed', 'Conflict'],
    [new PersonalDataAlreadyErasedError(erasure), 409, 'personal-data-already-erased', 'Conflict'],
    [new PersonalDataErasedError('c1'), 409, 'personal-data-erased', 'Conflict'],
    [new ConcurrencyExhaustedError('busy'), 409, 'concurrency-exhausted', 'Conflict'],
    [new PreconditionFailedError(2, 3), 412, 'precondition-failed', 'Precondition Failed'],
    [
      new RefusedBodyError(413, 'payload-too-large', 'too big', 'over 1 MB'),
      413,
      'payload-too-large',
      'Content Too Large',
    ],
    [new RefusedBodyError(400, 'too-deep', 'too deep', 'over 32 levels'), 400, 'too-deep', 'Bad Request'],
    [
      new RefusedByRuleError([{ field: 'vehicle', reason: 'covered by OEM-PER' }]),
      422,
      'refused-by-rule',
      'Unprocessable Content',
    ],
    [new IdempotencyKeyReusedError('k'), 422, 'idempotency-key-reused', 'Unprocessable Content'],
    [new TooManyRequestsError(7), 429, 'too-many-requests', 'Too Many Requests'],
  ] as const)('%p answers %i %s', (error, status, kind, title) => {
    expect(toProblem(error)).toMatchObject({ type: typed(kind), title, status, detail: error.message });
  });

  it('every class in the table is mapped by its own row, not by an earlier one', () => {
    const classes = ERROR_PROBLEMS.map((row) => row.error);
    expect(new Set(classes).size).toBe(classes.length);
    for (const [index, row] of ERROR_PROBLEMS.entries()) {
      const earlier = ERROR_PROBLEMS.slice(0, index).find(
        (other) => row.error.prototype instanceof other.error,
      );
      expect(earlier).toBeUndefined();
    }
  });

  it('adds what the client needs to act on the refusal', () => {
    expect(toProblem(new TransitionNotAllowedError('close', 'open', ['note']))).toEqual({
      type: typed('transition-not-allowed'),
      title: 'Conflict',
      status: 409,
      detail: "Action 'close' is not allowed in state 'open' for this caller",
      state: 'open',
      allowedActions: ['note'],
    });
    expect(toProblem(new PreconditionFailedError(2, 3))).toMatchObject({ currentRevision: 3 });
    expect(toProblem(new TooManyRequestsError(7))).toMatchObject({ retryAfterSeconds: 7 });
    expect(toProblem(new PersonalDataAlreadyErasedError(erasure))).toMatchObject({ erasure });
    expect(toProblem(new RefusedBodyError(400, 'too-deep', 'too deep', 'over 32 levels'))).toMatchObject({
      errors: [{ field: 'body', reason: 'over 32 levels' }],
    });
  });

  it('an error in no row is a 500 that reveals nothing of itself', () => {
    for (const error of [
      new Error('secret path /var/data'),
      new StreamNotFoundError('ticket-c1'),
      new WrongExpectedRevisionError('ticket-c1', 1, 2),
    ]) {
      expect(toProblem(error)).toEqual({
        type: typed('internal'),
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred; it has been logged.',
      });
    }
  });
});
