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

/** What a batch leaves for one case: its row, the roles that could act on it now, and whether it had a row. */
export interface CaseRowWrite {
  readonly row: CaseRow;
  readonly actionableRoles: readonly string[];
  /** The case had a row before this batch (its old actionable roles must go). */
  readonly stored: boolean;
}

/**
 * The `cases` read model's decisions, whatever database holds it: which cases a batch touches, and the
 * row and actionable roles each is left with. A store loads the touched cases' rows, calls `foldCaseRows`,
 * and writes what it returns; only the SQL differs between stores.
 */
export function touchedCaseIds(registry: WorkflowRegistry, events: readonly RecordedEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    const metadata = event.metadata as unknown as EventMetadata;
    if (metadata.caseType && registry.has(metadata.caseType)) ids.add(metadata.caseId);
  }
  return [...ids];
}

/**
 * Folds the batch per case in memory, from each case's stored row (`existing`, keyed by case id), and
 * returns one write per case the batch changed, in case-id order (indexes keyed by case id then take a
 * batch's inserts leaf by leaf instead of at random). A case whose events were all applied already is
 * left out: applying a batch twice changes nothing. Deterministic: the same log gives the same rows.
 */
export function foldCaseRows(
  registry: WorkflowRegistry,
  events: readonly RecordedEvent[],
  existing: ReadonlyMap<string, CaseRow>,
): CaseRowWrite[] {
  const touched = new Map<string, FoldedCase>();
  for (const event of events) {
    const metadata = event.metadata as unknown as EventMetadata;
    if (!metadata.caseType || !registry.has(metadata.caseType)) continue;
    let folded = touched.get(metadata.caseId);
    if (folded === undefined) {
      const stored = existing.get(metadata.caseId);
      const definition = registry.version(
        metadata.caseType,
        stored?.machine_version ?? metadata.machineVersion,
      );
      folded = {
        caseId: metadata.caseId,
        caseType: metadata.caseType,
        definition,
        snapshot: stored
          ? restoreSnapshot(definition, {
              value: JSON.parse(stored.state_value),
              context: JSON.parse(stored.context),
            })
          : initialSnapshot(definition),
        revision: stored?.revision ?? -1,
        stored: stored !== undefined,
        createdAt: stored?.created_at ?? metadata.occurredAt,
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
  // A case whose events were all seen already (position still -1) keeps its row untouched.
  const changed = [...touched.values()].filter((folded) => folded.position !== -1);
  changed.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  return changed.map(toWrite);
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

function toWrite(folded: FoldedCase): CaseRowWrite {
  const { definition, snapshot } = folded;
  const context = snapshot.context as CaseContext & Record<string, unknown>;
  const facet = (field: string | undefined): string | null => {
    const value = field === undefined ? undefined : context[field];
    return typeof value === 'string' ? value : null;
  };
  const facets = definition.listFacets ?? {};
  const state = stateName(snapshot.value);
  return {
    row: {
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
    },
    actionableRoles: actionableRoles(definition, snapshot, context, folded.updatedAt),
    stored: folded.stored,
  };
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
