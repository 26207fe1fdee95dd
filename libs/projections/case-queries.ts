import type Database from 'better-sqlite3';
import { prepared } from './statement-cache.js';
import { readScopeOf, type Actor } from '../kernel/index.js';
import { readScopeClause } from './read-scope-clause.js';
import type { CaseRow } from './cases.projection.js';

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

/** Reads over the `cases` projection: filtered lists with keyset pagination, and work-queue candidates. */
export class CaseQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly hasDeadlines: () => boolean,
  ) {}

  list(actor: Actor, filter: CaseListFilter): CasePage {
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
    if (filter.overdue === true) where.push(this.hasDeadlines() ? OVERDUE : '0 = 1');
    if (filter.overdue === false && this.hasDeadlines()) where.push(`NOT ${OVERDUE}`);
    if (filter.cursor !== undefined) {
      const [createdAt, caseId] = decodeCursor(filter.cursor);
      where.push(
        '(c.created_at < @cursorCreated OR (c.created_at = @cursorCreated AND c.case_id < @cursorId))',
      );
      params.cursorCreated = createdAt;
      params.cursorId = caseId;
    }
    const rows = prepared<Record<string, unknown>, CaseRow>(
      this.db,
      `SELECT c.* FROM cases_list c WHERE ${where.join(' AND ')}
         ORDER BY c.created_at DESC, c.case_id DESC LIMIT @limit`,
    ).all(params);
    const more = rows.length > filter.limit;
    const page = more ? rows.slice(0, filter.limit) : rows;
    return { rows: page, nextCursor: more ? encodeCursor(page[page.length - 1]!) : null };
  }

  /** Open cases on which one of the caller's roles could act now, within the caller's scope. */
  workQueueCandidates(actor: Actor, limit: number): CaseRow[] {
    const params: Record<string, unknown> = { limit };
    const roles = actor.roles.filter((role) => role !== 'system');
    if (roles.length === 0) return [];
    roles.forEach((role, index) => (params[`role${index}`] = role));
    const roleList = roles.map((_, index) => `@role${index}`).join(', ');
    return prepared<Record<string, unknown>, CaseRow>(
      this.db,
      `SELECT c.* FROM cases_list c
         WHERE c.final = 0 AND ${scopeClause(actor, params)}
           AND EXISTS (SELECT 1 FROM cases_actionable_roles r WHERE r.case_id = c.case_id AND r.role IN (${roleList}))
         ORDER BY c.updated_at ASC LIMIT @limit`,
    ).all(params);
  }

  /** Cases that name this one as their origin (goodwill applications and preferential claims of a complaint). */
  linkedTo(actor: Actor, caseId: string): CaseRow[] {
    const params: Record<string, unknown> = { caseId };
    return prepared<Record<string, unknown>, CaseRow>(
      this.db,
      `SELECT c.* FROM cases_list c
         WHERE c.linked_case_id = @caseId AND ${scopeClause(actor, params)}
         ORDER BY c.created_at`,
    ).all(params);
  }

  byId(caseId: string): CaseRow | undefined {
    return prepared<[string], CaseRow>(this.db, 'SELECT * FROM cases_list WHERE case_id = ?').get(caseId);
  }
}
