import type pg from 'pg';
import { positional, type CaseOwnerRow, type NamedStatement } from '../../projections/index.js';
import type { DeadlineView } from '../../workflow-engine/index.js';
import { deadlineView } from '../deadline-queries.js';
import type { DeadlineRow } from '../deadline-rows.js';
import type { StoredCaseDeadlines } from '../deadlines-after.js';
import * as statements from '../deadline-statements.js';
import { deadlineRowOf, type StoredDeadlineRow } from './postgres-deadline.projection.js';

/**
 * Reads over the deadlines read model in PostgreSQL: the same statements (deadline-statements.ts) and
 * the same views as over SQLite, so a case, a list page, a report or a count is the same answer.
 */
export class PostgresDeadlineQueries {
  constructor(private readonly pool: pg.Pool) {}

  /** One case's deadlines: live, or as they stood at `at` when `asOf` is true. */
  async ofCase(caseId: string, at: string, asOf: boolean): Promise<DeadlineView[]> {
    const rows = await this.rows(statements.deadlinesOfCaseStatement(caseId));
    return rows.flatMap((row) => deadlineView(row, at, asOf) ?? []);
  }

  async list(filter: statements.DeadlineFilter): Promise<statements.DeadlinePage> {
    return statements.deadlinePage(await this.rows(statements.deadlineListStatement(filter)), filter.limit);
  }

  async report(options: statements.SlaReportOptions): Promise<statements.ReportGroup[]> {
    const { rows } = await this.pool.query<statements.StoredReportGroup>(
      positional(statements.slaReportStatement(options, statements.POSTGRES_DEADLINES)),
    );
    return statements.reportGroups(rows);
  }

  /** Pending (of which in warning) and breached deadlines at `now`, for the Prometheus gauge. */
  async countsByStatus(now: string): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ pending: string; warning: string; breached: string }>(
      positional(statements.deadlineCountsStatement(now)),
    );
    return statements.deadlineCountsOf(rows[0]);
  }

  /**
   * The case's rows, owner and the position the deadlines read model had applied, in one statement (so
   * one snapshot: the runner moves the position in the rows' transaction). Text columns and bigints
   * come back through JSON as the rows' own strings and numbers.
   */
  async storedOfCase(caseId: string): Promise<StoredCaseDeadlines> {
    const { rows } = await this.pool.query<{
      applied: string | null;
      owner: CaseOwnerRow | null;
      rows: DeadlineRow[];
    }>(
      `SELECT
         (SELECT position FROM projection_checkpoints WHERE name = 'sla_deadlines') AS applied,
         (SELECT json_build_object('dealer_id', dealer_id, 'region_id', region_id)
            FROM sla_deadlines_owners WHERE case_id = $1) AS owner,
         (SELECT COALESCE(json_agg(d ORDER BY d.id), '[]'::json) FROM sla_deadlines d WHERE d.case_id = $1) AS rows`,
      [caseId],
    );
    const [stored] = rows;
    return {
      rows: stored?.rows ?? [],
      owner: stored?.owner ?? undefined,
      applied: Number(stored?.applied ?? 0),
    };
  }

  /** What the sweeper breaches now (a `DueDeadlineReader`). */
  async due(now: string, limit: number): Promise<DeadlineRow[]> {
    return this.rows(statements.dueDeadlinesStatement(now, limit));
  }

  private async rows(statement: NamedStatement): Promise<DeadlineRow[]> {
    const { rows } = await this.pool.query<StoredDeadlineRow>(positional(statement));
    return rows.map(deadlineRowOf);
  }
}
