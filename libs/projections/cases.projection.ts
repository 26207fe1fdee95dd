import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../kernel/index.js';
import type { WorkflowRegistry } from '../workflow-engine/index.js';
import { foldCaseRows, touchedCaseIds, type CaseRow, type CaseRowWrite } from './case-rows.js';
import type { Projection } from './projection.js';
import { prepared } from './statement-cache.js';

/**
 * One row per case with its current state and context, plus the roles that could act on it now
 * (`cases_actionable_roles`), so a work queue is an indexed lookup instead of a scan of every case.
 */
export class CasesProjection implements Projection {
  readonly name = 'cases';
  readonly version = 3;

  constructor(private readonly registry: WorkflowRegistry) {}

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS cases_list (
        case_id TEXT PRIMARY KEY,
        case_type TEXT NOT NULL,
        machine_version INTEGER NOT NULL,
        state TEXT NOT NULL,
        state_value TEXT NOT NULL,
        context TEXT NOT NULL,
        revision INTEGER NOT NULL,
        dealer_id TEXT NOT NULL,
        region_id TEXT,
        assigned_role TEXT,
        category TEXT,
        severity TEXT,
        linked_case_id TEXT,
        kind TEXT,
        due_at TEXT,
        final INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS cases_list_type_created ON cases_list (case_type, created_at, case_id);
      CREATE INDEX IF NOT EXISTS cases_list_dealer ON cases_list (dealer_id, case_type);
      CREATE INDEX IF NOT EXISTS cases_list_region ON cases_list (region_id, case_type);
      CREATE INDEX IF NOT EXISTS cases_list_linked ON cases_list (linked_case_id) WHERE linked_case_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS cases_list_due ON cases_list (case_type, due_at) WHERE due_at IS NOT NULL;
      CREATE TABLE IF NOT EXISTS cases_actionable_roles (
        case_id TEXT NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (role, case_id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS cases_actionable_roles_case ON cases_actionable_roles (case_id);
    `);
  }

  teardown(db: Database.Database): void {
    db.exec('DROP TABLE IF EXISTS cases_list; DROP TABLE IF EXISTS cases_actionable_roles;');
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    this.applyBatch(db, [event]);
  }

  /**
   * Folds the batch per case in memory and writes each touched case once: during a rebuild a case's
   * events sit close together in the log, so most of them never cost a row read, JSON both ways, an
   * upsert and the actionable-role probes. Live batches are small and behave as event by event.
   */
  applyBatch(db: Database.Database, events: readonly RecordedEvent[]): void {
    const read = prepared<[string], CaseRow>(db, 'SELECT * FROM cases_list WHERE case_id = ?');
    const existing = new Map<string, CaseRow>();
    for (const caseId of touchedCaseIds(this.registry, events)) {
      const row = read.get(caseId);
      if (row !== undefined) existing.set(caseId, row);
    }
    for (const write of foldCaseRows(this.registry, events, existing)) this.write(db, write);
  }

  private write(db: Database.Database, { row, actionableRoles, stored }: CaseRowWrite): void {
    prepared(
      db,
      `INSERT INTO cases_list (case_id, case_type, machine_version, state, state_value, context, revision, dealer_id,
         region_id, assigned_role, category, severity, linked_case_id, kind, due_at, final, created_at, updated_at, position)
       VALUES (@case_id, @case_type, @machine_version, @state, @state_value, @context, @revision, @dealer_id,
         @region_id, @assigned_role, @category, @severity, @linked_case_id, @kind, @due_at, @final, @created_at, @updated_at, @position)
       ON CONFLICT(case_id) DO UPDATE SET state = excluded.state, state_value = excluded.state_value,
         context = excluded.context, revision = excluded.revision, dealer_id = excluded.dealer_id,
         region_id = excluded.region_id, assigned_role = excluded.assigned_role, category = excluded.category,
         severity = excluded.severity, linked_case_id = excluded.linked_case_id, kind = excluded.kind, due_at = excluded.due_at, final = excluded.final, updated_at = excluded.updated_at,
         position = excluded.position`,
    ).run(row);
    // A case new to this table has no roles to replace (most rows of a rebuild).
    if (stored) prepared(db, 'DELETE FROM cases_actionable_roles WHERE case_id = ?').run(row.case_id);
    const insertRole = prepared(db, 'INSERT INTO cases_actionable_roles (case_id, role) VALUES (?, ?)');
    for (const role of actionableRoles) insertRole.run(row.case_id, role);
  }
}
