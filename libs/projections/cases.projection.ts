import type Database from 'better-sqlite3';
import { prepared } from './statement-cache.js';
import type {
  Actor,
  CaseContext,
  EventMetadata,
  RecordedEvent,
  Role,
  WorkflowDefinition,
} from '../kernel/index.js';
import {
  acceptedEventTypes,
  initialSnapshot,
  machineAccepts,
  nextSnapshot,
  restoreSnapshot,
  stateName,
  type MachineSnapshot,
  type WorkflowRegistry,
} from '../workflow-engine/index.js';
import type { Projection } from './projection.js';

/** A case as the list and the work queue see it (the `cases_list` row). */
export interface CaseRow {
  readonly case_id: string;
  readonly case_type: string;
  readonly machine_version: number;
  readonly state: string;
  readonly state_value: string;
  readonly context: string;
  readonly revision: number;
  readonly dealer_id: string;
  readonly region_id: string | null;
  readonly assigned_role: string | null;
  readonly category: string | null;
  readonly severity: string | null;
  /** The case this one was opened for (the workflow's `listFacets.linkedCaseId`). */
  readonly linked_case_id: string | null;
  /** The workflow's `listFacets.kind` and `listFacets.dueAt` (`?kind=`, `?dueBefore=`). */
  readonly kind: string | null;
  readonly due_at: string | null;
  readonly final: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly position: number;
}

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
    const touched = new Map<string, FoldedCase>();
    for (const event of events) {
      const metadata = event.metadata as unknown as EventMetadata;
      if (!metadata.caseType || !this.registry.has(metadata.caseType)) continue;
      let folded = touched.get(metadata.caseId);
      if (folded === undefined) {
        const existing = prepared<[string], CaseRow>(db, 'SELECT * FROM cases_list WHERE case_id = ?').get(
          metadata.caseId,
        );
        const definition = this.registry.version(
          metadata.caseType,
          existing?.machine_version ?? metadata.machineVersion,
        );
        folded = {
          caseId: metadata.caseId,
          caseType: metadata.caseType,
          definition,
          snapshot: existing
            ? restoreSnapshot(definition, {
                value: JSON.parse(existing.state_value),
                context: JSON.parse(existing.context),
              })
            : initialSnapshot(definition),
          revision: existing?.revision ?? -1,
          stored: existing !== undefined,
          createdAt: existing?.created_at ?? metadata.occurredAt,
          updatedAt: metadata.occurredAt,
          position: -1,
        };
        touched.set(metadata.caseId, folded);
      }
      if (folded.revision >= event.revision) continue;
      folded.snapshot = nextSnapshot(folded.definition, folded.snapshot, event);
      folded.revision = event.revision;
      folded.updatedAt = metadata.occurredAt;
      folded.position = event.position;
    }
    // A case whose events were all seen already (position still -1) keeps its row untouched. Rows are
    // written in case-id order: the indexes keyed by case id then take a batch's inserts leaf by leaf
    // instead of at random.
    const changed = [...touched.values()].filter((folded) => folded.position !== -1);
    changed.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
    for (const folded of changed) this.write(db, folded);
  }

  private write(db: Database.Database, folded: FoldedCase): void {
    const { definition, snapshot } = folded;
    const context = snapshot.context as CaseContext & Record<string, unknown>;
    const facet = (field: string | undefined): string | null => {
      const value = field === undefined ? undefined : context[field];
      return typeof value === 'string' ? value : null;
    };
    const facets = definition.listFacets ?? {};
    const state = stateName(snapshot.value);
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
    ).run({
      case_id: folded.caseId,
      case_type: folded.caseType,
      machine_version: definition.version,
      state,
      state_value: JSON.stringify(snapshot.value),
      context: JSON.stringify(context),
      revision: folded.revision,
      dealer_id: context.dealerId,
      region_id: context.regionId ?? null,
      assigned_role: context.assignedRole ?? null,
      category: facet(facets.category),
      severity: facet(facets.severity),
      linked_case_id: facet(facets.linkedCaseId),
      kind: facet(facets.kind),
      due_at: facet(facets.dueAt),
      final: definition.finalStates.includes(state) ? 1 : 0,
      created_at: folded.createdAt,
      updated_at: folded.updatedAt,
      position: folded.position,
    });
    // A case new to this table has no roles to replace (most rows of a rebuild).
    if (folded.stored) {
      prepared(db, 'DELETE FROM cases_actionable_roles WHERE case_id = ?').run(folded.caseId);
    }
    const insertRole = prepared(db, 'INSERT INTO cases_actionable_roles (case_id, role) VALUES (?, ?)');
    for (const role of actionableRoles(definition, snapshot, context, folded.updatedAt)) {
      insertRole.run(folded.caseId, role);
    }
  }
}

/** A case being folded through a batch, written once at its end. */
interface FoldedCase {
  readonly caseId: string;
  readonly caseType: string;
  readonly definition: WorkflowDefinition;
  snapshot: MachineSnapshot;
  revision: number;
  /** Whether the case already had a row before this batch. */
  readonly stored: boolean;
  readonly createdAt: string;
  updatedAt: string;
  position: number;
}

/** Roles for which someone in scope could take at least one action now (work-queue candidates). */
function actionableRoles(
  definition: WorkflowDefinition,
  snapshot: MachineSnapshot,
  context: CaseContext,
  at: string,
): string[] {
  const roles: string[] = [];
  const accepted = acceptedEventTypes(definition.machine, snapshot);
  for (const [role, allEventTypes] of rolesToEventTypes(definition)) {
    // Only events the current state has transitions for can be allowed: probe nothing else (a probe
    // runs the machine's guards, which is what a rebuild spends its time on).
    const eventTypes =
      accepted === undefined ? allEventTypes : allEventTypes.filter((type) => accepted.has(type));
    if (eventTypes.length === 0) continue;
    const actor: Actor = {
      id: `probe:${role}`,
      roles: [role],
      dealerId: context.dealerId,
      ...(context.regionId !== undefined ? { regionId: context.regionId } : {}),
    };
    const allowed = eventTypes.some((type) =>
      machineAccepts(snapshot, { type, data: {}, actor, occurredAt: at, caseId: context.caseId }),
    );
    if (allowed) roles.push(role);
  }
  return roles;
}

const ROLE_INDEX = new WeakMap<WorkflowDefinition, Map<Role, string[]>>();

/** Only the roles an action names can ever take it: probe those, not every role with every action. */
function rolesToEventTypes(definition: WorkflowDefinition): Map<Role, string[]> {
  let index = ROLE_INDEX.get(definition);
  if (index === undefined) {
    index = new Map();
    for (const action of Object.values(definition.actions)) {
      for (const role of action.roles) {
        if (role === 'system') continue;
        index.set(role, [...(index.get(role) ?? []), action.eventType]);
      }
    }
    ROLE_INDEX.set(definition, index);
  }
  return index;
}
