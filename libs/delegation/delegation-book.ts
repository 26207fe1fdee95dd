import type { EventStore } from '../event-store/index.js';
import {
  CaseNotFoundError,
  ForbiddenError,
  StreamNotFoundError,
  TransitionNotAllowedError,
  ValidationFailedError,
  eventIdFor,
  hasRole,
  timeOrderedId,
  type Actor,
  type CaseOwner,
  type Clock,
  type RecordedEvent,
} from '../kernel/index.js';
import {
  DECLARE_DELEGATION,
  DELEGABLE_ROLES,
  DELEGATION_DECLARED,
  DELEGATION_RECORD,
  DELEGATION_REVOKED,
  GENESIS_HASH,
  REVOKE_DELEGATION,
  delegatedActors,
  delegationOf,
  delegationStatus,
  delegationStreamOf,
  eventHash,
  type ActingDelegations,
  type DelegatedActor,
  type Delegation,
  type DelegationDeclaredData,
  type DelegationRevokedData,
} from '../workflow-engine/index.js';
import type { DelegationReads } from './delegation-reads.js';

/** The longest absence one declaration covers; a longer one is declared again when it ends. */
export const MAX_DELEGATION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface DelegationRequest {
  readonly delegateId: string;
  readonly delegateName?: string;
  /** ISO-8601 instants; the period is [from, until). */
  readonly from: string;
  readonly until: string;
  readonly reason?: string;
  readonly correlationId?: string;
}

/** A delegation and where it stands now, as the API answers. */
export type DelegationView = Delegation & { readonly status: ReturnType<typeof delegationStatus> };

/** A declaration or revocation as recorded: the delegation now, and the log position of its event. */
export interface RecordedDelegation {
  readonly delegation: DelegationView;
  readonly position: number;
}

/**
 * Approvers' absences (docs/approvals.md "Delegation"): declared and revoked as events in a stream of
 * their own per delegation (hash chain, audit index, exports, verification like every record), found
 * through the delegations projection, and exact for the engine: what the projection has not applied yet is
 * read from the log, so a revocation recorded by any process stops the delegate's next command.
 */
export class DelegationBook implements ActingDelegations {
  constructor(
    private readonly store: EventStore,
    /** The delegations read model, in SQLite or in PostgreSQL. */
    private readonly reads: DelegationReads,
    private readonly clock: Clock,
  ) {}

  /** An approver declares their own absence: who acts for them, from when until when, and why. */
  async declare(delegator: Actor, request: DelegationRequest): Promise<RecordedDelegation> {
    const roles = delegator.roles.filter((role) => DELEGABLE_ROLES.includes(role));
    if (roles.length === 0)
      throw new ForbiddenError('Only approvers (OEM roles) declare an absence with a delegate');
    const now = this.clock.now();
    const problems = periodProblems(request, delegator.id, now);
    if (problems.length > 0)
      throw new ValidationFailedError(problems, problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
    const delegationId = timeOrderedId(now);
    const data: DelegationDeclaredData = {
      delegator: {
        id: delegator.id,
        ...(delegator.name !== undefined ? { name: delegator.name } : {}),
        roles,
        ...(delegator.dealerId !== undefined ? { dealerId: delegator.dealerId } : {}),
        ...(delegator.regionId !== undefined ? { regionId: delegator.regionId } : {}),
      },
      delegate: {
        id: request.delegateId,
        ...(request.delegateName !== undefined ? { name: request.delegateName } : {}),
      },
      from: new Date(request.from).toISOString(),
      until: new Date(request.until).toISOString(),
      ...(request.reason !== undefined ? { reason: request.reason } : {}),
      ...(delegator.dealerId !== undefined ? { dealerId: delegator.dealerId } : {}),
      ...(delegator.regionId !== undefined ? { regionId: delegator.regionId } : {}),
    };
    const position = await this.record(delegationId, [], DELEGATION_DECLARED, data, delegator, {
      action: DECLARE_DELEGATION,
      fromState: 'none',
      toState: 'declared',
      ...(request.correlationId !== undefined ? { correlationId: request.correlationId } : {}),
    });
    return { delegation: await this.find(delegator, delegationId), position };
  }

  /** The delegator ends the delegation at once (before or during its period); it is revoked once. */
  async revoke(
    actor: Actor,
    delegationId: string,
    request: { readonly reason?: string; readonly correlationId?: string } = {},
  ): Promise<RecordedDelegation> {
    const events = await this.events(delegationId);
    const delegation = events === undefined ? undefined : delegationOf(events);
    if (events === undefined || delegation === undefined || !this.maySee(actor, delegation))
      throw new CaseNotFoundError(DELEGATION_RECORD, delegationId);
    if (delegation.delegator.id !== actor.id)
      throw new ForbiddenError('Only the approver who declared the absence revokes it');
    if (delegation.revoked !== undefined)
      throw new TransitionNotAllowedError(REVOKE_DELEGATION, 'revoked', []);
    const data: DelegationRevokedData = request.reason !== undefined ? { reason: request.reason } : {};
    const position = await this.record(delegationId, events, DELEGATION_REVOKED, data, actor, {
      action: REVOKE_DELEGATION,
      fromState: 'declared',
      toState: 'revoked',
      ...(request.correlationId !== undefined ? { correlationId: request.correlationId } : {}),
    });
    return { delegation: await this.find(actor, delegationId), position };
  }

  /** One delegation, read from its stream; 404 for anyone but its two people and auditors in scope. */
  async find(viewer: Actor, delegationId: string): Promise<DelegationView> {
    const events = await this.events(delegationId);
    const delegation = events === undefined ? undefined : delegationOf(events);
    if (delegation === undefined || !this.maySee(viewer, delegation))
      throw new CaseNotFoundError(DELEGATION_RECORD, delegationId);
    return this.viewOf(delegation);
  }

  /** The caller's delegations, as delegator or delegate; an auditor's: all in their scope. */
  async list(viewer: Actor, limit: number): Promise<DelegationView[]> {
    const found = hasRole(viewer, 'auditor')
      ? await this.reads.all(viewer.regionId, limit)
      : await this.reads.involving(viewer.id, limit);
    return found.map((delegation) => this.viewOf(delegation));
  }

  /**
   * For views and the work queue: the delegations the viewer may act under on a case of `owner` now,
   * from the projection (a declaration may show a moment late; the engine decides on the exact state).
   */
  async actingForNow(viewer: Actor, owner: CaseOwner, at: string): Promise<DelegatedActor[]> {
    return delegatedActors(viewer, await this.reads.openTo(viewer.id, at), owner, at);
  }

  /**
   * The delegations to the viewer active at `at`, from the projection: the work queue's further candidates,
   * and (through `delegatedActors`) how the viewer may act on each of them, as `actingForNow` tells.
   */
  async openTo(viewer: Actor, at: string): Promise<Delegation[]> {
    return (await this.reads.openTo(viewer.id, at)).filter((d) => delegationStatus(d, at) === 'active');
  }

  async actingFor(actor: Actor, owner: CaseOwner, at: string): Promise<readonly DelegatedActor[]> {
    const { position, delegations } = await this.reads.openToWithPosition(actor.id, at);
    const known = new Map(delegations.map((d) => [d.id, d]));
    // What the read model has not applied yet: every delegation touched after its position, read whole.
    const touched = new Set<string>();
    for (let after = position; ;) {
      const page = await this.store.readAll({ after });
      for (const event of page.events) {
        const metadata = event.metadata as { caseType?: string; caseId?: string };
        if (metadata.caseType === DELEGATION_RECORD && metadata.caseId !== undefined)
          touched.add(metadata.caseId);
      }
      if (page.isEnd || page.lastPosition === after) break;
      after = page.lastPosition;
    }
    for (const delegationId of touched) {
      const events = await this.events(delegationId);
      const delegation = events === undefined ? undefined : delegationOf(events);
      if (delegation !== undefined) known.set(delegationId, delegation);
    }
    return delegatedActors(actor, [...known.values()], owner, at);
  }

  private viewOf(delegation: Delegation): DelegationView {
    return { ...delegation, status: delegationStatus(delegation, this.clock.now().toISOString()) };
  }

  /** The two people of a delegation see it, and auditors (a regional auditor: their region's). */
  private maySee(viewer: Actor, delegation: Delegation): boolean {
    if (viewer.id === delegation.delegator.id || viewer.id === delegation.delegate.id) return true;
    return (
      hasRole(viewer, 'auditor') &&
      (viewer.regionId === undefined || viewer.regionId === delegation.delegator.regionId)
    );
  }

  private async events(delegationId: string): Promise<RecordedEvent[] | undefined> {
    try {
      return await this.store.readStream(delegationStreamOf(delegationId));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  /** Appends one event to the delegation's stream, chained to the one before it. */
  private async record(
    delegationId: string,
    before: readonly RecordedEvent[],
    type: string,
    data: object,
    actor: Actor,
    step: {
      readonly action: string;
      readonly fromState: string;
      readonly toState: string;
      readonly correlationId?: string;
    },
  ): Promise<number> {
    const streamId = delegationStreamOf(delegationId);
    const now = this.clock.now();
    const commandId = timeOrderedId(now);
    const revision = before.length;
    const last = before[before.length - 1]?.metadata as { hash: string } | undefined;
    const metadata = {
      caseType: DELEGATION_RECORD,
      caseId: delegationId,
      machineVersion: 1,
      schemaVersion: 1,
      actor,
      occurredAt: now.toISOString(),
      commandId,
      action: step.action,
      correlationId: step.correlationId ?? commandId,
      causationId: commandId,
      fromState: step.fromState,
      toState: step.toState,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const eventId = eventIdFor(streamId, commandId);
    const hash = eventHash({ streamId, revision, eventId, type, data, metadata });
    const appended = await this.store.append(
      streamId,
      [{ eventId, type, data, metadata: { ...metadata, hash } }],
      revision === 0 ? 'no_stream' : revision - 1,
    );
    return appended.position;
  }
}

/** What is wrong with a declared period and delegate, each naming its field. */
function periodProblems(
  request: DelegationRequest,
  delegatorId: string,
  now: Date,
): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  if (request.delegateId === delegatorId)
    problems.push({
      field: 'delegateId',
      reason: 'must be someone else: an approver cannot delegate to themselves',
    });
  const from = Date.parse(request.from);
  const until = Date.parse(request.until);
  if (until <= from) problems.push({ field: 'until', reason: 'must be after from' });
  else if (until - from > MAX_DELEGATION_DAYS * DAY_MS)
    problems.push({ field: 'until', reason: `must be at most ${MAX_DELEGATION_DAYS} days after from` });
  else if (until <= now.getTime()) problems.push({ field: 'until', reason: 'must be in the future' });
  return problems;
}
