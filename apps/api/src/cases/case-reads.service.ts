import { Inject, Injectable } from '@nestjs/common';
import {
  CaseNotFoundError,
  canSee,
  type Actor,
  type CaseOwner,
  type EventMetadata,
  type OnBehalfOf,
  type Clock,
  type WorkflowDefinition,
} from '../../../../libs/kernel/index.js';
import type {
  CaseLists,
  CaseReads,
  DeadlineQueries,
  DelegationPort,
  PersonalDataDisclosurePort,
} from '../../../../libs/runtime/index.js';
import {
  allowedActions,
  caseData,
  caseView,
  contextOf,
  delegatedActors,
  replay,
  restoreSnapshot,
  type CaseState,
  type CaseView,
  type DeadlineView,
  type DelegatedActor,
  type MachineSnapshot,
  type WorkflowRegistry,
} from '../../../../libs/workflow-engine/index.js';
import type { CaseRow } from '../../../../libs/projections/index.js';
import {
  CASE_LISTS,
  CASE_READS,
  CLOCK,
  DEADLINE_QUERIES,
  DELEGATIONS,
  PERSONAL_DATA_DISCLOSURE,
  WORKFLOW_REGISTRY,
} from '../engine/tokens.js';

/** The event a command's answer shows the case after: its revision in the case and position in the log. */
export interface AnsweredEvent {
  readonly revision: number;
  readonly position: number;
}

export interface RelatedCase {
  readonly type: string;
  readonly id: string;
  readonly state: string;
  readonly assignedRole: string | null;
}

export interface HistoryEntry {
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  readonly action: string;
  readonly occurredAt: string;
  readonly actor: { readonly id: string; readonly name?: string; readonly roles: readonly string[] };
  /** Present when a delegate acted on an absent approver's turn: whom they acted for. */
  readonly onBehalfOf?: OnBehalfOf;
  readonly fromState: string;
  readonly toState: string;
  readonly machineVersion: number;
  readonly data: unknown;
  readonly hash: string;
  readonly prevHash: string;
}

/** Reads for the HTTP layer: case views (live and as of a moment), history, lists and the work queue. */
@Injectable()
export class CaseReadsService {
  constructor(
    @Inject(CASE_READS) private readonly cases: CaseReads,
    @Inject(CASE_LISTS) private readonly caseLists: CaseLists,
    @Inject(PERSONAL_DATA_DISCLOSURE) private readonly disclosure: PersonalDataDisclosurePort,
    @Inject(DEADLINE_QUERIES) private readonly deadlineQueries: DeadlineQueries,
    @Inject(DELEGATIONS) private readonly delegations: DelegationPort,
    @Inject(WORKFLOW_REGISTRY) private readonly registry: WorkflowRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** Loads a case the caller may see; anything else is 404 so its existence does not leak. */
  async load(caseType: string, caseId: string, viewer: Actor): Promise<CaseState> {
    return visibleTo(viewer, await this.cases.load(caseType, caseId), caseType, caseId);
  }

  /**
   * That the case exists and the viewer may see it, as `load` checks, from the case this process holds
   * folded when it does: its owner is fixed by its first event, so no later write can change the answer.
   */
  async checkVisible(caseType: string, caseId: string, viewer: Actor): Promise<void> {
    const cached = this.cases.cached(caseType, caseId);
    if (cached === undefined) await this.load(caseType, caseId, viewer);
    else visibleTo(viewer, cached, caseType, caseId);
  }

  async view(
    caseType: string,
    caseId: string,
    viewer: Actor,
  ): Promise<CaseView & { related: RelatedCase[] }> {
    return this.viewOfVisible(await this.load(caseType, caseId, viewer), viewer);
  }

  /**
   * The view of a case state in hand: one a command just decided (`CommandOutcome.decided`), so its answer
   * needs no second load of the case. The same scope rule as `load`: what the viewer may not see is 404.
   */
  async viewOf(
    state: CaseState,
    viewer: Actor,
    answered?: AnsweredEvent,
  ): Promise<CaseView & { related: RelatedCase[] }> {
    return this.viewOfVisible(
      visibleTo(viewer, state, state.definition.caseType, contextOf(state).caseId),
      viewer,
      answered,
    );
  }

  private async viewOfVisible(
    state: CaseState,
    viewer: Actor,
    answered?: AnsweredEvent,
  ): Promise<CaseView & { related: RelatedCase[] }> {
    const { caseId } = contextOf(state);
    const now = this.now();
    const context = state.snapshot.context as { dealerId: string; regionId?: string | null };
    const owner = ownerOf({ dealerId: context.dealerId, regionId: context.regionId ?? null });
    const [deadlines, acting, related] = await Promise.all([
      answered !== undefined
        ? this.deadlineQueries.ofCaseAfter(state.definition.caseType, caseId, answered, now)
        : this.deadlines(caseId),
      this.delegations.actingForNow(viewer, owner, now),
      this.related(viewer, caseId),
    ]);
    const view = this.withDelegatedActions(
      caseView(state, viewer, deadlines, now),
      state.definition,
      state.snapshot,
      acting,
      now,
    );
    await this.disclosure.loadKeysToDisclose(view.data);
    return { ...this.disclosed(view, viewer), related };
  }

  /**
   * The actions the viewer may take only as a delegate (`acting`: the viewer as each delegation on this
   * case makes them), added and marked (`delegatedFrom`). Scope never widens: the case is one the viewer
   * sees on their own, and reads keep the viewer's own roles.
   */
  private withDelegatedActions(
    view: CaseView,
    definition: WorkflowDefinition,
    snapshot: MachineSnapshot,
    acting: readonly DelegatedActor[],
    now: string,
  ): CaseView {
    for (const { actor, onBehalfOf } of acting) {
      const actions = allowedActions(definition, snapshot, actor, view.id, now).filter(
        (action) => !view.allowedActions.includes(action),
      );
      if (actions.length === 0) continue;
      return {
        ...view,
        allowedActions: [...view.allowedActions, ...actions],
        delegatedFrom: {
          id: onBehalfOf.id,
          ...(onBehalfOf.name !== undefined ? { name: onBehalfOf.name } : {}),
          delegationId: onBehalfOf.delegationId,
          actions,
        },
      };
    }
    return view;
  }

  /**
   * The view's data as the viewer may see it: sealed personal data opened (`[erased]` once erased), and
   * masked for a viewer who does not deal with this case's customer. Every read path goes through here,
   * right after `loadKeysToDisclose` fetched the keys of what it is about to disclose (so every
   * read checks each key as it is now, whichever node erased it).
   */
  private disclosed<V extends { type: string; dealerId: string; regionId: string | null; data: unknown }>(
    view: V,
    viewer: Actor,
  ): V {
    return { ...view, data: this.disclosure.present(view.type, ownerOf(view), view.data, viewer) };
  }

  /** Goodwill applications and preferential claims opened for this case, as far as the viewer may see. */
  async related(viewer: Actor, caseId: string): Promise<RelatedCase[]> {
    return (await this.caseLists.linkedTo(viewer, caseId)).map((row) => ({
      type: row.case_type,
      id: row.case_id,
      state: row.state,
      assignedRole: row.assigned_role,
    }));
  }

  /**
   * The view as it was at `revision`, for the repeat of a command: the first response, built the way it
   * was (linked cases, delegated actions), from the case folded up to that revision.
   */
  async viewAtRevision(
    caseType: string,
    caseId: string,
    revision: number,
    viewer: Actor,
  ): Promise<CaseView & { related: RelatedCase[] }> {
    await this.checkVisible(caseType, caseId, viewer);
    const events = (await this.cases.history(caseType, caseId)).filter((event) => event.revision <= revision);
    return this.viewOfVisible(replay(this.registry, events)!, viewer);
  }

  async viewAsOf(caseType: string, caseId: string, asOf: Date, viewer: Actor): Promise<CaseView> {
    await this.load(caseType, caseId, viewer);
    const state = await this.cases.loadAsOf(caseType, caseId, asOf);
    if (state === undefined) throw new CaseNotFoundError(caseType, caseId);
    const deadlines = await this.deadlines(caseId, asOf.toISOString());
    const view = { ...caseView(state, undefined, deadlines, asOf.toISOString()), allowedActions: [] };
    await this.disclosure.loadKeysToDisclose(view.data);
    return this.disclosed(view, viewer);
  }

  async history(caseType: string, caseId: string, viewer: Actor): Promise<HistoryEntry[]> {
    const state = await this.load(caseType, caseId, viewer);
    const owner = state.snapshot.context as { dealerId: string; regionId?: string };
    const events = await this.cases.history(caseType, caseId);
    await this.disclosure.loadKeysToDisclose(events.map((event) => event.data));
    return events.map((event) => {
      const metadata = event.metadata as unknown as EventMetadata;
      return {
        revision: event.revision,
        position: event.position,
        type: event.type,
        action: metadata.action,
        occurredAt: metadata.occurredAt,
        actor: {
          id: metadata.actor.id,
          ...(metadata.actor.name !== undefined ? { name: metadata.actor.name } : {}),
          roles: metadata.actor.roles,
        },
        ...(metadata.onBehalfOf !== undefined ? { onBehalfOf: metadata.onBehalfOf } : {}),
        fromState: metadata.fromState,
        toState: metadata.toState,
        machineVersion: metadata.machineVersion,
        data: this.disclosure.present(caseType, owner, event.data, viewer),
        hash: metadata.hash,
        prevHash: metadata.prevHash,
      };
    });
  }

  /** List items: case views without allowedActions, from the read model, disclosed as every view. */
  async listItems(rows: readonly CaseRow[], viewer: Actor): Promise<Omit<CaseView, 'allowedActions'>[]> {
    const deadlines = await this.deadlinesOfRows(rows);
    const items = rows.map((row, index) => this.listItem(row, deadlines[index]!));
    await this.disclosure.loadKeysToDisclose(items.map((item) => item.data));
    return items.map((item) => this.disclosed(item, viewer));
  }

  /** A list item from the read model and the case's deadlines, before disclosure. */
  private listItem(row: CaseRow, deadlines: DeadlineView[]): Omit<CaseView, 'allowedActions'> {
    const context = JSON.parse(row.context) as Parameters<typeof caseData>[0];
    return {
      id: row.case_id,
      type: row.case_type,
      machineVersion: row.machine_version,
      state: row.state,
      revision: row.revision,
      dealerId: row.dealer_id,
      regionId: row.region_id,
      data: caseData(context),
      assignedRole: (row.assigned_role as CaseView['assignedRole']) ?? null,
      deadlines,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** Cases where the caller can act now, most urgent deadline first. */
  async workQueue(viewer: Actor, limit: number): Promise<CaseView[]> {
    const now = this.now();
    const [own, delegations] = await Promise.all([
      this.caseLists.workQueueCandidates(viewer, limit * 4),
      this.delegations.openTo(viewer, now),
    ]);
    // Delegated items: the cases where the absent approver's lent roles may act, in the absent approver's
    // scope; each is kept only if the viewer sees it on their own (withDelegatedActions decides).
    const lent = await Promise.all(
      delegations.map(({ delegator: { id: _id, name: _name, ...scope } }) =>
        this.caseLists.workQueueCandidates({ id: viewer.id, ...scope }, limit * 4),
      ),
    );
    const candidates = firstOfEachCase([own, ...lent].flat());
    const deadlines = await this.deadlinesOfRows(candidates);
    const items: CaseView[] = [];
    candidates.forEach((row, index) => {
      const definition = this.registry.version(row.case_type, row.machine_version);
      const snapshot = restoreSnapshot(definition, {
        value: JSON.parse(row.state_value),
        context: JSON.parse(row.context),
      });
      const owner = ownerOf({ dealerId: row.dealer_id, regionId: row.region_id });
      const actions = allowedActions(definition, snapshot, viewer, row.case_id, now);
      const view = this.withDelegatedActions(
        { ...this.listItem(row, deadlines[index]!), allowedActions: actions },
        definition,
        snapshot,
        delegatedActors(viewer, delegations, owner, now),
        now,
      );
      if (view.allowedActions.length > 0) items.push(view);
    });
    const urgency = (view: CaseView): number => {
      const open = view.deadlines.filter((deadline) => deadline.status !== 'met');
      return open.length === 0
        ? Number.MAX_SAFE_INTEGER
        : Math.min(...open.map((deadline) => Date.parse(deadline.dueAt)));
    };
    const queue = items
      .sort((a, b) => urgency(a) - urgency(b) || a.updatedAt.localeCompare(b.updatedAt))
      .slice(0, limit);
    await this.disclosure.loadKeysToDisclose(queue.map((item) => item.data));
    return queue.map((item) => this.disclosed(item, viewer));
  }

  deadlines(caseId: string, asOf?: string): Promise<DeadlineView[]> {
    return this.deadlineQueries.ofCase(caseId, asOf ?? this.now(), asOf !== undefined);
  }

  /** The live deadlines of each row's case, in the rows' order, read together. */
  private deadlinesOfRows(rows: readonly CaseRow[]): Promise<DeadlineView[][]> {
    const now = this.now();
    return Promise.all(rows.map((row) => this.deadlineQueries.ofCase(row.case_id, now, false)));
  }
}

/** The case's owner as its views show it: the dealer, and the region when it has one. */
function ownerOf(view: { readonly dealerId: string; readonly regionId: string | null }): CaseOwner {
  return { dealerId: view.dealerId, ...(view.regionId !== null ? { regionId: view.regionId } : {}) };
}

/** The rows without repeats: each case as it came first. */
function firstOfEachCase(rows: readonly CaseRow[]): CaseRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    if (seen.has(row.case_id)) return false;
    seen.add(row.case_id);
    return true;
  });
}

/** The case, if it exists and the viewer may see it; anything else is 404 so its existence does not leak. */
function visibleTo(viewer: Actor, state: CaseState | undefined, caseType: string, caseId: string): CaseState {
  if (
    state === undefined ||
    !canSee(viewer, state.snapshot.context as { dealerId: string; regionId?: string })
  )
    throw new CaseNotFoundError(caseType, caseId);
  return state;
}
