import {
  BusinessRuleViolationError,
  CaseNotFoundError,
  ConcurrencyExhaustedError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  MissingDocumentsError,
  PersonalDataErasedError,
  PreconditionFailedError,
  RefusedByRuleError,
  TransitionNotAllowedError,
  ValidationFailedError,
} from '../../../../libs/kernel/index.js';
import { InvalidTokenError } from '../../../../libs/auth/index.js';
import { PersonalDataAlreadyErasedError } from '../../../../libs/workflow-engine/index.js';
import {
  AttachmentDamagedError,
  AttachmentErasedError,
  AttachmentTooLargeError,
  UnsupportedAttachmentTypeError,
} from '../../../../libs/attachments/index.js';
import { TooManyRequestsError } from '../auth/auth.guard.js';
import { RefusedBodyError } from './json-body.js';
import { problem, type Problem } from './problem.js';

/** How one error class leaves the server: its problem type, title and status, and what it adds to the body. */
interface ErrorProblem<E extends Error> {
  readonly error: abstract new (...args: never[]) => E;
  readonly type: string | ((error: E) => string);
  readonly title: string | ((error: E) => string);
  readonly status: number | ((error: E) => number);
  /** Members besides `detail` (the error's message), which every mapped error carries. */
  readonly extra?: (error: E) => Partial<Problem>;
}

const row = <E extends Error>(mapping: ErrorProblem<E>): ErrorProblem<Error> =>
  mapping as unknown as ErrorProblem<Error>;

/**
 * Every error class a request can end with, and the problem+json it becomes (docs/security.md and
 * API.md name these types). The first row whose class the error is an instance of wins; an error in no
 * row is a 500 that reveals nothing.
 */
export const ERROR_PROBLEMS: readonly ErrorProblem<Error>[] = [
  row({
    error: RefusedBodyError,
    type: (error) => error.kind,
    title: (error) => (error.statusCode === 413 ? 'Content Too Large' : 'Bad Request'),
    status: (error) => error.statusCode,
    extra: (error) => ({ errors: [{ field: 'body', reason: error.reason }] }),
  }),
  row({ error: InvalidTokenError, type: 'unauthorized', title: 'Unauthorized', status: 401 }),
  row({
    error: TooManyRequestsError,
    type: 'too-many-requests',
    title: 'Too Many Requests',
    status: 429,
    extra: (error) => ({ retryAfterSeconds: error.retryAfterSeconds }),
  }),
  row({
    error: MissingDocumentsError,
    type: 'document-required',
    title: 'Unprocessable Content',
    status: 422,
    extra: (error) => ({ errors: error.errors, missingDocuments: error.missing }),
  }),
  row({
    error: AttachmentTooLargeError,
    type: 'payload-too-large',
    title: 'Content Too Large',
    status: 413,
    extra: (error) => ({ errors: [{ field: 'body', reason: `larger than ${error.maxBytes} bytes` }] }),
  }),
  row({
    error: UnsupportedAttachmentTypeError,
    type: 'unsupported-media-type',
    title: 'Unsupported Media Type',
    status: 415,
    extra: (error) => ({
      errors: [{ field: 'Content-Type', reason: error.message, code: 'one_of', allowed: error.accepted }],
    }),
  }),
  row({ error: AttachmentErasedError, type: 'attachment-erased', title: 'Gone', status: 410 }),
  row({ error: AttachmentDamagedError, type: 'attachment-damaged', title: 'Conflict', status: 409 }),
  row({
    error: RefusedByRuleError,
    type: 'refused-by-rule',
    title: 'Unprocessable Content',
    status: 422,
    extra: (error) => ({ errors: error.errors }),
  }),
  row({
    error: ValidationFailedError,
    type: 'validation-failed',
    title: 'Bad Request',
    status: 400,
    extra: (error) => ({ errors: error.errors }),
  }),
  row({
    error: BusinessRuleViolationError,
    type: 'business-rule-violation',
    title: 'Bad Request',
    status: 400,
    extra: (error) => ({ errors: error.errors }),
  }),
  row({
    error: TransitionNotAllowedError,
    type: 'transition-not-allowed',
    title: 'Conflict',
    status: 409,
    extra: (error) => ({ state: error.state, allowedActions: error.allowedActions }),
  }),
  row({
    error: PreconditionFailedError,
    type: 'precondition-failed',
    title: 'Precondition Failed',
    status: 412,
    extra: (error) => ({ currentRevision: error.actual }),
  }),
  row({ error: CaseNotFoundError, type: 'not-found', title: 'Not Found', status: 404 }),
  row({ error: ForbiddenError, type: 'forbidden', title: 'Forbidden', status: 403 }),
  row({
    error: IdempotencyKeyReusedError,
    type: 'idempotency-key-reused',
    title: 'Unprocessable Content',
    status: 422,
  }),
  row({
    error: PersonalDataAlreadyErasedError,
    type: 'personal-data-already-erased',
    title: 'Conflict',
    status: 409,
    extra: (error) => ({ erasure: error.record }),
  }),
  row({ error: PersonalDataErasedError, type: 'personal-data-erased', title: 'Conflict', status: 409 }),
  row({ error: ConcurrencyExhaustedError, type: 'concurrency-exhausted', title: 'Conflict', status: 409 }),
];

const valueOf = <T>(value: T | ((error: Error) => T), error: Error): T =>
  typeof value === 'function' ? (value as (error: Error) => T)(error) : value;

/** The problem an error of a class in `ERROR_PROBLEMS` becomes; undefined for any other. */
export function mappedProblem(exception: unknown): Problem | undefined {
  if (!(exception instanceof Error)) return undefined;
  const mapping = ERROR_PROBLEMS.find((candidate) => exception instanceof candidate.error);
  if (mapping === undefined) return undefined;
  return problem(
    valueOf(mapping.type, exception),
    valueOf(mapping.title, exception),
    valueOf(mapping.status, exception),
    { detail: exception.message, ...mapping.extra?.(exception) },
  );
}

/** Problem type and title of each status the framework (Nest or Fastify) answers with by itself. */
export const STATUS_PROBLEMS: Readonly<Record<number, readonly [type: string, title: string]>> = {
  400: ['bad-request', 'Bad Request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not Found'],
  405: ['method-not-allowed', 'Method Not Allowed'],
  406: ['not-acceptable', 'Not Acceptable'],
  413: ['payload-too-large', 'Content Too Large'],
  414: ['uri-too-long', 'URI Too Long'],
  415: ['unsupported-media-type', 'Unsupported Media Type'],
  429: ['too-many-requests', 'Too Many Requests'],
};
