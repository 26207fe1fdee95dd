import type pg from 'pg';
import {
  auditPage,
  auditStatement,
  type AuditEventRow,
  type AuditFilter,
} from '../audit-index.projection.js';
import { positional } from './positional-parameters.js';
import { auditEventRowOf, type StoredAuditEventRow } from './postgres-audit-index.projection.js';

/**
 * Reads of the audit index in PostgreSQL: the same statement as `AuditQueries` over SQLite, so a page is
 * the same rows. `rows` reads in keyset pages of `pageSize` as it is consumed, so an export of millions of
 * events never holds more than one page.
 */
export class PostgresAuditQueries {
  constructor(
    private readonly pool: pg.Pool,
    private readonly pageSize = 1000,
  ) {}

  async page(filter: AuditFilter): Promise<{ rows: AuditEventRow[]; next: number | null }> {
    return auditPage(await this.rowsOf({ ...filter, limit: filter.limit + 1 }), filter.limit);
  }

  /** Every selected row, oldest first; the page after each is read once the caller has taken it. */
  async *rows(filter: Omit<AuditFilter, 'limit'>): AsyncGenerator<AuditEventRow> {
    let after = filter.after ?? 0;
    for (;;) {
      const rows = await this.rowsOf({ ...filter, after, limit: this.pageSize });
      yield* rows;
      if (rows.length < this.pageSize) return;
      after = rows[rows.length - 1]!.position;
    }
  }

  private async rowsOf(filter: AuditFilter): Promise<AuditEventRow[]> {
    const { rows } = await this.pool.query<StoredAuditEventRow>(positional(auditStatement(filter)));
    return rows.map(auditEventRowOf);
  }
}
