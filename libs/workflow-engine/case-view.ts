import type { Actor, CaseContext, Role } from '../kernel/index.js';
import type { ShownDeadlineStatus } from '../sla/index.js';
import { allowedActions, contextOf, currentStateName, type CaseState } from './decider.js';

export interface DeadlineView {
  readonly kind: string;
  readonly dueAt: string;
  readonly status: ShownDeadlineStatus;
  /** Pending and past its warning threshold (e.g. 80 % of the time used). */
  readonly warning: boolean;
  /** Pending and past due, but the sweeper has not recorded the breach yet. */
  readonly overdue: boolean;
  readonly startedAt: string;
  readonly warnAt: string;
  readonly stoppedAt: string | null;
  readonly accountableRole: string;
  /** Time the clock stood still (finished pauses, and the current one up to now), in whole seconds. */
  readonly pausedSeconds: number;
  /** Why the clock is paused now (a reason the workflow names), or null while it runs. */
  readonly pauseReason: string | null;
  /** The policy version, duration and calendar that set the due time. */
  readonly rule: string;
}

/** What every create, action and GET answers with (API.md "Case view"). */
export interface CaseView {
  readonly id: string;
  readonly type: string;
  readonly machineVersion: number;
  readonly state: string;
  readonly revision: number;
  readonly dealerId: string;
  readonly regionId: string | null;
  readonly data: Record<string, unknown>;
  readonly assignedRole: Role | null;
  readonly deadlines: readonly DeadlineView[];
  readonly allowedActions: readonly string[];
  /**
   * Present when some of `allowedActions` are the viewer's only as a delegate (docs/approvals.md
   * "Delegation"): for whom, under which delegation, and which actions.
   */
  readonly delegatedFrom?: DelegatedFrom;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DelegatedFrom {
  readonly id: string;
  readonly name?: string;
  readonly delegationId: string;
  readonly actions: readonly string[];
}

const OWNER_KEYS = new Set(['caseId', 'dealerId', 'regionId', 'assignedRole']);

/** The case's own data without the fields the view already lifts to the top level. */
export function caseData(context: CaseContext): Record<string, unknown> {
  return Object.fromEntries(Object.entries(context).filter(([key]) => !OWNER_KEYS.has(key)));
}

export function caseView(
  state: CaseState,
  viewer: Actor | undefined,
  deadlines: readonly DeadlineView[],
  now: string,
): CaseView {
  const context = contextOf(state);
  return {
    id: context.caseId,
    type: state.definition.caseType,
    machineVersion: state.definition.version,
    state: currentStateName(state),
    revision: state.revision,
    dealerId: context.dealerId,
    regionId: context.regionId ?? null,
    data: caseData(context),
    assignedRole: context.assignedRole ?? null,
    deadlines,
    allowedActions: viewer
      ? allowedActions(state.definition, state.snapshot, viewer, context.caseId, now)
      : [],
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}
