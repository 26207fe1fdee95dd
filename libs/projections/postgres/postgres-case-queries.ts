import type pg from 'pg';
import type { Actor } from '../../kernel/index.js';
import * as statements from '../case-list-statements.js';
import type { CaseRow } from '../case-rows.js';
import { positional } from './positional-parameters.js';
import { caseRowOf, type StoredCaseRow } from './postgres-cases.projection.js';

/**
 * Reads over the `cases` read model in PostgreSQL: the same statements as `CaseQueries` over SQLite
 * (case-list-statements.ts), so the same filters, scope, paging and order give the same rows.
 */
export class PostgresCaseQueries {
  constructor(
    private readonly pool: pg.Pool,
    /** Whether the `sla_deadlines` read model sits beside `cases_list` (the `overdue` filter needs it). */
    private readonly hasDeadlines: () => boolean,
  ) {}

  async list(actor: Actor, filter: statements.CaseListFilter): Promise<statements.CasePage> {
    const rows = await this.all(statements.caseListStatement(actor, filter, this.hasDeadlines()));
    return statements.casePage(rows, filter.limit);
  }

  /** Open cases on which one of the caller's roles could act now, within the caller's scope. */
  async workQueueCandidates(actor: Actor, limit: number): Promise<CaseRow[]> {
    const statement = statements.workQueueStatement(actor, limit);
    return statement === undefined ? [] : this.all(statement);
  }

  /** Cases that name this one as their origin. */
  async linkedTo(actor: Actor, caseId: string): Promise<CaseRow[]> {
    return this.all(statements.linkedToStatement(actor, caseId));
  }

  async byId(caseId: string): Promise<CaseRow | undefined> {
    const { rows } = await this.pool.query<StoredCaseRow>('SELECT * FROM cases_list WHERE case_id = $1', [
      caseId,
    ]);
    return rows[0] === undefined ? undefined : caseRowOf(rows[0]);
  }

  private async all(statement: statements.NamedStatement): Promise<CaseRow[]> {
    const { rows } = await this.pool.query<StoredCaseRow>(positional(statement));
    return rows.map(caseRowOf);
  }
}
