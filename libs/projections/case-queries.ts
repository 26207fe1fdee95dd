import type Database from 'better-sqlite3';
import type { Actor } from '../kernel/index.js';
import {
  caseListStatement,
  casePage,
  linkedToStatement,
  workQueueStatement,
  type CaseListFilter,
  type CasePage,
  type NamedStatement,
} from './case-list-statements.js';
import type { CaseRow } from './case-rows.js';
import { prepared } from './statement-cache.js';

/** Reads over the `cases` projection: filtered lists with keyset pagination, and work-queue candidates. */
export class CaseQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly hasDeadlines: () => boolean,
  ) {}

  list(actor: Actor, filter: CaseListFilter): CasePage {
    return casePage(this.all(caseListStatement(actor, filter, this.hasDeadlines())), filter.limit);
  }

  /** Open cases on which one of the caller's roles could act now, within the caller's scope. */
  workQueueCandidates(actor: Actor, limit: number): CaseRow[] {
    const statement = workQueueStatement(actor, limit);
    return statement === undefined ? [] : this.all(statement);
  }

  /** Cases that name this one as their origin (goodwill applications and preferential claims of a complaint). */
  linkedTo(actor: Actor, caseId: string): CaseRow[] {
    return this.all(linkedToStatement(actor, caseId));
  }

  byId(caseId: string): CaseRow | undefined {
    return prepared<[string], CaseRow>(this.db, 'SELECT * FROM cases_list WHERE case_id = ?').get(caseId);
  }

  private all({ sql, params }: NamedStatement): CaseRow[] {
    return prepared<Record<string, unknown>, CaseRow>(this.db, sql).all(params);
  }
}
