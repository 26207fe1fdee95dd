import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TooManyRequestsError } from '../auth/auth.guard.js';
import { STATUS_PROBLEMS, mappedProblem } from './error-problems.js';
import { problem, type Problem } from './problem.js';

/**
 * Every error becomes application/problem+json, by the tables in error-problems.ts (error classes, then
 * framework statuses); anything unexpected is a 500 with no stack trace or internal message (it is logged
 * with the request id instead).
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
  const mapped = mappedProblem(exception);
  if (mapped !== undefined) return mapped;
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

function httpProblem(exception: HttpException): Problem {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const detail =
    typeof response === 'string'
      ? response
      : ((response as { message?: unknown }).message ?? exception.message);
  const [kind, title] =
    STATUS_PROBLEMS[status] ?? (status >= 500 ? ['internal', 'Internal Server Error'] : ['error', 'Error']);
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

/** What Fastify's own refusals say, by status. */
const FASTIFY_DETAILS: Readonly<Record<number, (message: string | undefined) => string>> = {
  404: (message) => message ?? 'Not found',
  405: (message) => message ?? 'Method not allowed',
  413: () => 'The request body is too large',
  414: () => 'The request URL is too long',
  415: () => 'Send application/json',
};

/** Errors Fastify raises before Nest sees the request: unparsable JSON, too large, wrong content type. */
function fastifyProblem(status: number, code: string | undefined, message: string | undefined): Problem {
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || status === 400) {
    return problem('malformed-json', 'Bad Request', 400, {
      detail: 'The request body is not valid JSON',
      errors: [{ field: 'body', reason: message ?? 'not valid JSON' }],
    });
  }
  const detail = FASTIFY_DETAILS[status];
  const known = STATUS_PROBLEMS[status];
  if (detail !== undefined && known !== undefined) {
    return problem(known[0], known[1], status, { detail: detail(message) });
  }
  return problem('bad-request', 'Bad Request', status, { detail: message ?? 'Bad request' });
}
