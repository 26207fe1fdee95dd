import type { CodedFieldError } from '../i18n/field-error-text';

/** An RFC 9457 problem the API answered with, kept whole so forms can show each field's error. */
export type FieldProblem = CodedFieldError;

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: readonly FieldProblem[],
    readonly allowedActions: readonly string[] | undefined,
  ) {
    super(detail ?? title);
  }

  /** 409 (the action is not allowed now) and 412 (the case changed since it was read). */
  get isConflict(): boolean {
    return this.status === 409 || this.status === 412;
  }

  static async from(response: Response): Promise<ApiProblem> {
    let body: Record<string, unknown> = {};
    try {
      body = (await response.json()) as Record<string, unknown>;
    } catch {
      // Not JSON (a proxy's page): the status line is all there is.
    }
    return new ApiProblem(
      response.status,
      typeof body.title === 'string' ? body.title : response.statusText || `HTTP ${response.status}`,
      typeof body.detail === 'string' ? body.detail : undefined,
      Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : [],
      Array.isArray(body.allowedActions) ? (body.allowedActions as string[]) : undefined,
    );
  }
}
