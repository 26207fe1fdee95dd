import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  BusinessRuleViolationError,
  CaseNotFoundError,
  ConcurrencyExhaustedError,
  EngineError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  PersonalDataErasedError,
  PreconditionFailedError,
  TransitionNotAllowedError,
  ValidationFailedError,
} from '../../../../libs/kernel/index.js';
import { InvalidTokenError } from '../../../../libs/auth/index.js';
import { PersonalDataAlreadyErasedError } from '../../../../libs/workflow-engine/personal-data-erasure.js';
import { RefusedBodyError } from './json-body.js';
import { problem, type Problem } from './problem.js';
import { TooManyRequestsError } from '../auth/auth.guard.js';

/**
 * Every error becomes application/problem+json. Engine errors map by kind; anything unexpected is a 500
 * with no stack trace or internal message (it is logged with the request id instead).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const reply = context.getResponse<FastifyReply>();
    const request = context.getRequest<FastifyRequest>();
    const body = { ...toProblem(exception), instance: request.url };
    if (body.status >= 500) {
      request.log.error({ err: exception }, 'unhandled error');
    } else {
      request.log.info({ problem: body.type, status: body.status }, body.title);
    }
    if (body.status === 401) reply.header('WWW-Authenticate', 'Bearer');
    if (exception instanceof TooManyRequestsError)
      reply.header('Retry-After', String(exception.retryAfterSeconds));
    void reply
      .status(body.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(body);
  }
}

export function toProblem(exception: unknown): Problem {
  if (exception instanceof RefusedBodyError) {
    return problem(
      exception.kind,
      exception.statusCode === 413 ? 'Content Too Large' : 'Bad Request',
      exception.statusCode,
      {
        detail: exception.message,
        errors: [{ field: 'body', reason: exception.reason }],
      },
    );
  }
  if (exception instanceof InvalidTokenError) {
    return problem('unauthorized', 'Unauthorized', 401, { detail: exception.message });
  }
  if (exception instanceof TooManyRequestsError) {
    return problem('too-many-requests', 'Too Many Requests', 429, {
      detail: exception.message,
      retryAfterSeconds: exception.retryAfterSeconds,
    });
  }
  if (exception instanceof EngineError) return engineProblem(exception);
  if (exception instanceof HttpException) return httpProblem(exception);
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (
    typeof fastifyError?.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return fastifyProblem(fastifyError.statusCode, fastifyError.code, fastifyError.message);
  }
  return problem('internal', 'Internal Server Error', 500, {
    detail: 'An unexpected error occurred; it has been logged.',
  });
}

function engineProblem(error: EngineError): Problem {
  if (error instanceof ValidationFailedError) {
    return problem('validation-failed', 'Bad Request', 400, { detail: error.message, errors: error.errors });
  }
  if (error instanceof BusinessRuleViolationError) {
    return problem('business-rule-violation', 'Bad Request', 400, {
      detail: error.message,
      errors: error.errors,
    });
  }
  if (error instanceof TransitionNotAllowedError) {
    return problem('transition-not-allowed', 'Conflict', 409, {
      detail: error.message,
      state: error.state,
      allowedActions: error.allowedActions,
    });
  }
  if (error instanceof PreconditionFailedError) {
    return problem('precondition-failed', 'Precondition Failed', 412, {
      detail: error.message,
      currentRevision: error.actual,
    });
  }
  if (error instanceof CaseNotFoundError)
    return problem('not-found', 'Not Found', 404, { detail: error.message });
  if (error instanceof ForbiddenError)
    return problem('forbidden', 'Forbidden', 403, { detail: error.message });
  if (error instanceof IdempotencyKeyReusedError) {
    return problem('idempotency-key-reused', 'Unprocessable Content', 422, { detail: error.message });
  }
  if (error instanceof PersonalDataAlreadyErasedError) {
    return problem('personal-data-already-erased', 'Conflict', 409, {
      detail: error.message,
      erasure: error.record,
    });
  }
  if (error instanceof PersonalDataErasedError) {
    return problem('personal-data-erased', 'Conflict', 409, { detail: error.message });
  }
  if (error instanceof ConcurrencyExhaustedError) {
    return problem('concurrency-exhausted', 'Conflict', 409, { detail: error.message });
  }
  return problem('internal', 'Internal Server Error', 500, {
    detail: 'An unexpected error occurred; it has been logged.',
  });
}

function httpProblem(exception: HttpException): Problem {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const detail =
    typeof response === 'string'
      ? response
      : ((response as { message?: unknown }).message ?? exception.message);
  const kinds: Record<number, [string, string]> = {
    400: ['bad-request', 'Bad Request'],
    401: ['unauthorized', 'Unauthorized'],
    403: ['forbidden', 'Forbidden'],
    404: ['not-found', 'Not Found'],
    405: ['method-not-allowed', 'Method Not Allowed'],
    406: ['not-acceptable', 'Not Acceptable'],
    413: ['payload-too-large', 'Content Too Large'],
    415: ['unsupported-media-type', 'Unsupported Media Type'],
    429: ['too-many-requests', 'Too Many Requests'],
  };
  const [kind, title] =
    kinds[status] ?? (status >= 500 ? ['internal', 'Internal Server Error'] : ['error', 'Error']);
  const text = Array.isArray(detail) ? detail.join('; ') : String(detail);
  if (status >= 500)
    return problem(kind, title, status, { detail: 'An unexpected error occurred; it has been logged.' });
  // A bare 400 from the framework is about a body it could not read (e.g. malformed JSON).
  if (status === 400) {
    return problem('malformed-request', title, status, {
      detail: text,
      errors: [{ field: 'body', reason: text }],
    });
  }
  return problem(kind, title, status, { detail: text });
}

/** Errors Fastify raises before Nest sees the request: unparsable JSON, too large, wrong content type. */
function fastifyProblem(status: number, code: string | undefined, message: string | undefined): Problem {
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || status === 400) {
    return problem('malformed-json', 'Bad Request', 400, {
      detail: 'The request body is not valid JSON',
      errors: [{ field: 'body', reason: message ?? 'not valid JSON' }],
    });
  }
  if (status === 413)
    return problem('payload-too-large', 'Content Too Large', 413, {
      detail: 'The request body is too large',
    });
  if (status === 415) {
    return problem('unsupported-media-type', 'Unsupported Media Type', 415, {
      detail: 'Send application/json',
    });
  }
  if (status === 414)
    return problem('uri-too-long', 'URI Too Long', 414, { detail: 'The request URL is too long' });
  if (status === 404) return problem('not-found', 'Not Found', 404, { detail: message ?? 'Not found' });
  if (status === 405)
    return problem('method-not-allowed', 'Method Not Allowed', 405, {
      detail: message ?? 'Method not allowed',
    });
  return problem('bad-request', 'Bad Request', status, { detail: message ?? 'Bad request' });
}
