import { readScopeOf, type Actor } from '../kernel/index.js';
import type { CaseRow } from './case-rows.js';
import { readScopeClause } from './read-scope-clause.js';

export interface CaseListFilter {
  readonly caseType: string;
  readonly state?: string;
  readonly dealerId?: string;
  readonly regionId?: string;
  readonly assignedRole?: string;
  readonly category?: string;
  readonly severity?: string;
  readonly kind?: string;
  /** Only cases whose `due_at` (the workflow's `listFacets.dueAt`) is before this instant. */
  readonly dueBefore?: string;
  readonly createdFrom?: string;
  readonly createdTo?: string;
  /** Only cases with a breached deadline or a pending one past due at `now`. */
  readonly overdue?: boolean;
  readonly now: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface CasePage {
  readonly rows: readonly CaseRow[];
  readonly nextCursor: string | null;
}

/**
 * A query over the `cases` read model with `@name` parameters. The SQL is the same for SQLite and
 * PostgreSQL (both compare the text columns bytewise: PostgreSQL's are declared `COLLATE "C"`), so a list,
 * a queue or a page is the same rows whichever database serves it; only how parameters are bound differs.
 */
export interface NamedStatement {
  readonly sql: string;
  readonly params: Record<string, unknown>;
}

/** Where clause limiting rows to what the caller may see (`readScopeOf`, the rule single reads use too). */
export function scopeClause(actor: Actor, params: Record<string, unknown>): string {
  return readScopeClause(readScopeOf(actor), params, { dealerId: 'c.dealer_id', regionId: 'c.region_id' });
}

const OVERDUE = `EXISTS (SELECT 1 FROM sla_deadlines d WHERE d.case_id = c.case_id
  AND (d.status = 'breached' OR (d.status = 'pending' AND d.due_at <= @now)))`;

function encodeCursor(row: CaseRow): string {
  return Buffer.from(JSON.stringify([row.created_at, row.case_id])).toString('base64url');
}

export class InvalidCursorError extends Error {}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) {
      return value as [string, string];
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError('cursor is not one this server issued');
}

/**
 * A filtered page of cases, newest first, with keyset pagination. It asks for one row more than the page
 * (`casePage` cuts it off) to know whether there is a next page. `hasDeadlines`: whether the
 * `sla_deadlines` read model sits beside `cases_list` (the `overdue` filter needs it).
 */
export function caseListStatement(
  actor: Actor,
  filter: CaseListFilter,
  hasDeadlines: boolean,
): NamedStatement {
  const params: Record<string, unknown> = {
    caseType: filter.caseType,
    now: filter.now,
    limit: filter.limit + 1,
  };
  const where = ['c.case_type = @caseType', scopeClause(actor, params)];
  const equal: [keyof CaseListFilter, string][] = [
    ['state', 'state'],
    ['dealerId', 'dealer_id'],
    ['regionId', 'region_id'],
    ['assignedRole', 'assigned_role'],
    ['category', 'category'],
    ['severity', 'severity'],
    ['kind', 'kind'],
  ];
  for (const [key, column] of equal) {
    if (filter[key] !== undefined) {
      where.push(`c.${column} = @${key}`);
      params[key] = filter[key];
    }
  }
  if (filter.dueBefore !== undefined) {
    where.push('c.due_at < @dueBefore');
    params.dueBefore = filter.dueBefore;
  }
  if (filter.createdFrom !== undefined) {
    where.push('c.created_at >= @createdFrom');
    params.createdFrom = filter.createdFrom;
  }
  if (filter.createdTo !== undefined) {
    where.push('c.created_at < @createdTo');
    params.createdTo = filter.createdTo;
  }
  if (filter.overdue === true) where.push(hasDeadlines ? OVERDUE : '0 = 1');
  if (filter.overdue === false && hasDeadlines) where.push(`NOT ${OVERDUE}`);
  if (filter.cursor !== undefined) {
    const [createdAt, caseId] = decodeCursor(filter.cursor);
    where.push(
      '(c.created_at < @cursorCreated OR (c.created_at = @cursorCreated AND c.case_id < @cursorId))',
    );
    params.cursorCreated = createdAt;
    params.cursorId = caseId;
  }
  return {
    sql: `SELECT c.* FROM cases_list c WHERE ${where.join(' AND ')}
         ORDER BY c.created_at DESC, c.case_id DESC LIMIT @limit`,
    params,
  };
}

/** The page `caseListStatement`'s rows make for a filter asking `limit` rows. */
export function casePage(rows: readonly CaseRow[], limit: number): CasePage {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, nextCursor: more ? encodeCursor(page[page.length - 1]!) : null };
}

/**
 * Open cases on which one of the caller's roles could act now, within the caller's scope, the longest
 * untouched first (ties by case id, so every database gives the same order). Undefined: the caller has
 * no role that acts on cases.
 */
export function workQueueStatement(actor: Actor, limit: number): NamedStatement | undefined {
  const params: Record<string, unknown> = { limit };
  const roles = actor.roles.filter((role) => role !== 'system');
  if (roles.length === 0) return undefined;
  roles.forEach((role, index) => (params[`role${index}`] = role));
  const roleList = roles.map((_, index) => `@role${index}`).join(', ');
  return {
    sql: `SELECT c.* FROM cases_list c
         WHERE c.final = 0 AND ${scopeClause(actor, params)}
           AND EXISTS (SELECT 1 FROM cases_actionable_roles r WHERE r.case_id = c.case_id AND r.role IN (${roleList}))
         ORDER BY c.updated_at ASC, c.case_id ASC LIMIT @limit`,
    params,
  };
}

/** Cases that name this one as their origin (goodwill applications and preferential claims of a complaint). */
export function linkedToStatement(actor: Actor, caseId: string): NamedStatement {
  const params: Record<string, unknown> = { caseId };
  return {
    sql: `SELECT c.* FROM cases_list c
         WHERE c.linked_case_id = @caseId AND ${scopeClause(actor, params)}
         ORDER BY c.created_at, c.case_id`,
    params,
  };
}
