import type pg from 'pg';
import { positional } from '../../projections/index.js';
import type { ReportDefinition } from '../report-definitions.js';
import {
  reportCellStatements,
  reportOf,
  type ReportCellRow,
  type ReportQuery,
  type ReportResult,
} from '../report-query.js';

/** A report over the reports' read model in PostgreSQL: the statements and the fold `runReport` uses. */
export async function runPostgresReport(
  pool: pg.Pool,
  definition: ReportDefinition,
  query: ReportQuery,
): Promise<ReportResult> {
  const cells: ReportCellRow[] = [];
  for (const statement of reportCellStatements(definition, query)) {
    const { rows } = await pool.query<ReportCellRow>({ ...positional(statement), rowMode: 'array' });
    for (const row of rows) cells.push(row);
  }
  return reportOf(definition, query, cells);
}
