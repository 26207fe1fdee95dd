import type { FieldError } from '../../../../libs/kernel/index.js';

/** RFC 9457 problem details, as every error leaves this server. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly allowedActions?: readonly string[];
  readonly [extension: string]: unknown;
}

/** Stable type URIs, one per kind of error; documented in docs/errors.md. */
export const PROBLEM_TYPE_BASE = 'https://aftersales-workflow-engine.dev/problems/';

export function problem(kind: string, title: string, status: number, extra: Partial<Problem> = {}): Problem {
  return { type: `${PROBLEM_TYPE_BASE}${kind}`, title, status, ...extra };
}
