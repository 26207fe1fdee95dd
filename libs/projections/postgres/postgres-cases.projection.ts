import type pg from 'pg';
import type { RecordedEvent } from '../../kernel/index.js';
import type { WorkflowRegistry } from '../../workflow-engine/index.js';
import { foldCaseRows, touchedCaseIds, type CaseRow } from '../case-rows.js';
import type { PostgresProjection } from './postgres-projection.js';
import { rowOf, type StoredRow } from './stored-row.js';

export type StoredCaseRow = StoredRow<CaseRow, 'revision' | 'position'>;

export function caseRowOf(stored: StoredCaseRow): CaseRow {
  return rowOf(stored, ['revision', 'position']);
}

/**
 * The `cases` read model in PostgreSQL: the same tables, rows and decisions (`foldCaseRows`) as
 * `CasesProjection` in SQLite. Every text column is `COLLATE "C"`: lists order and compare case ids and
 * ISO instants bytewise, as SQLite does, whatever the database's locale. The context and machine state
 * stay JSON text, as the rows must be the same as SQLite's.
 */
export class PostgresCasesProjection implements PostgresProjection {
  readonly name = 'cases';
  readonly version = 1;

  constructor(private readonly registry: WorkflowRegistry) {}

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      CREATE TABLE cases_list (
        case_id text COLLATE "C" PRIMARY KEY,
        case_type text COLLATE "C" NOT NULL,
        machine_version integer NOT NULL,
        state text COLLATE "C" NOT NULL,
        state_value text COLLATE "C" NOT NULL,
        context text COLLATE "C" NOT NULL,
        revision bigint NOT NULL,
        dealer_id text COLLATE "C" NOT NULL,
        region_id text COLLATE "C",
        assigned_role text COLLATE "C",
        category text COLLATE "C",
        severity text COLLATE "C",
        linked_case_id text COLLATE "C",
        kind text COLLATE "C",
        due_at text COLLATE "C",
        final integer NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        updated_at text COLLATE "C" NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX cases_list_type_created ON cases_list (case_type, created_at, case_id);
      CREATE INDEX cases_list_dealer ON cases_list (dealer_id, case_type);
      CREATE INDEX cases_list_region ON cases_list (region_id, case_type);
      CREATE INDEX cases_list_linked ON cases_list (linked_case_id) WHERE linked_case_id IS NOT NULL;
      CREATE INDEX cases_list_due ON cases_list (case_type, due_at) WHERE due_at IS NOT NULL;
      CREATE INDEX cases_list_open_updated ON cases_list (updated_at, case_id) WHERE final = 0;
      CREATE TABLE cases_actionable_roles (
        case_id text COLLATE "C" NOT NULL,
        role text COLLATE "C" NOT NULL,
        PRIMARY KEY (role, case_id)
      );
      CREATE INDEX cases_actionable_roles_case ON cases_actionable_roles (case_id);
    `);
  }

  async teardown(client: pg.ClientBase): Promise<void> {
    await client.query('DROP TABLE IF EXISTS cases_list; DROP TABLE IF EXISTS cases_actionable_roles;');
  }

  /**
   * One read of the touched cases, the fold in memory, then one upsert of every changed row and one
   * replacement of their actionable roles: a batch costs four statements however many cases it touches.
   */
  async applyBatch(client: pg.ClientBase, events: readonly RecordedEvent[]): Promise<void> {
    const ids = touchedCaseIds(this.registry, events);
    if (ids.length === 0) return;
    const { rows } = await client.query<StoredCaseRow>(
      'SELECT * FROM cases_list WHERE case_id = ANY($1::text[])',
      [ids],
    );
    const existing = new Map(rows.map((row) => [row.case_id, caseRowOf(row)]));
    const writes = foldCaseRows(this.registry, events, existing);
    if (writes.length === 0) return;
    await client.query(
      `INSERT INTO cases_list SELECT * FROM json_populate_recordset(NULL::cases_list, $1::json)
       ON CONFLICT (case_id) DO UPDATE SET state = excluded.state, state_value = excluded.state_value,
         context = excluded.context, revision = excluded.revision, dealer_id = excluded.dealer_id,
         region_id = excluded.region_id, assigned_role = excluded.assigned_role, category = excluded.category,
         severity = excluded.severity, linked_case_id = excluded.linked_case_id, kind = excluded.kind,
         due_at = excluded.due_at, final = excluded.final, updated_at = excluded.updated_at,
         position = excluded.position`,
      [JSON.stringify(writes.map((write) => write.row))],
    );
    const replaced = writes.filter((write) => write.stored).map((write) => write.row.case_id);
    if (replaced.length > 0) {
      await client.query('DELETE FROM cases_actionable_roles WHERE case_id = ANY($1::text[])', [replaced]);
    }
    const roles = writes.flatMap((write) => write.actionableRoles.map((role) => [write.row.case_id, role]));
    if (roles.length > 0) {
      await client.query(
        'INSERT INTO cases_actionable_roles (case_id, role) SELECT * FROM unnest($1::text[], $2::text[])',
        [roles.map(([caseId]) => caseId), roles.map(([, role]) => role)],
      );
    }
  }
}
