/** The public /api/v1 shapes the console reads (see docs and /openapi.json). */
export type DeadlineStatus = 'pending' | 'warning' | 'paused' | 'met' | 'breached' | 'cancelled';

export interface Deadline {
  readonly kind: string;
  readonly dueAt: string;
  readonly status: DeadlineStatus;
  readonly warning?: boolean;
  readonly overdue?: boolean;
  readonly warnAt?: string;
  readonly accountableRole?: string;
  /** Time the clock stood still (finished pauses and the running one), in whole seconds. */
  readonly pausedSeconds?: number;
  /** Why the clock is paused now; null while it runs. */
  readonly pauseReason?: string | null;
}

export interface CaseView {
  readonly id: string;
  readonly type: string;
  readonly machineVersion: number;
  readonly state: string;
  readonly revision: number;
  readonly dealerId: string | null;
  readonly regionId: string | null;
  readonly data: Record<string, unknown>;
  readonly assignedRole: string | null;
  readonly deadlines: readonly Deadline[];
  readonly allowedActions?: readonly string[];
  /** Set when some actions are the viewer's only as a delegate of an absent approver. */
  readonly delegatedFrom?: {
    readonly id: string;
    readonly name?: string;
    readonly delegationId: string;
    readonly actions: readonly string[];
  };
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An approver's absence and who acts for them (GET /api/v1/delegations). */
export interface Delegation {
  readonly id: string;
  readonly status: 'scheduled' | 'active' | 'ended' | 'revoked';
  readonly delegator: { readonly id: string; readonly name?: string; readonly roles: readonly string[] };
  readonly delegate: { readonly id: string; readonly name?: string };
  readonly from: string;
  readonly until: string;
  readonly reason?: string;
  readonly revoked?: { readonly at: string; readonly by: { readonly id: string }; readonly reason?: string };
}

export interface HistoryEvent {
  readonly revision: number;
  /** Where the event is in the global log. */
  readonly position: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: { readonly id: string; readonly name?: string; readonly roles: readonly string[] };
  /** Present when a delegate acted for an absent approver. */
  readonly onBehalfOf?: { readonly id: string; readonly name?: string; readonly roles: readonly string[] };
  readonly fromState: string | null;
  readonly toState: string;
  readonly data: unknown;
  readonly hash: string;
  readonly prevHash: string | null;
}

export interface Verification {
  readonly ok: boolean;
  readonly events: number;
  readonly problems: readonly {
    readonly revision?: number;
    readonly problem?: string;
    readonly message?: string;
  }[];
}

export interface WorkflowDescription {
  readonly caseType: string;
  readonly resource: string;
  readonly version: number;
  readonly latest: boolean;
  readonly states: readonly string[];
  readonly finalStates: readonly string[];
  readonly create: { readonly roles: readonly string[]; readonly description: string };
  readonly actions: readonly {
    readonly name: string;
    readonly roles: readonly string[];
    readonly description: string;
  }[];
  readonly approvalChain: readonly string[];
  readonly diagram: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: number | string | null;
}

export interface AuditEvent {
  readonly position: number;
  readonly caseType: string;
  readonly caseId: string;
  readonly revision: number;
  readonly type: string;
  readonly action: string | null;
  readonly actor: { readonly id: string; readonly name: string | null; readonly roles: readonly string[] };
  readonly dealerId: string | null;
  readonly regionId: string | null;
  readonly occurredAt: string;
  readonly fromState: string | null;
  readonly toState: string;
  readonly machineVersion: number;
}

export interface SlaDeadlineRow {
  readonly caseType: string;
  readonly caseId: string;
  readonly dealerId: string | null;
  readonly kind: string;
  readonly dueAt: string;
  readonly status: DeadlineStatus;
  readonly warning?: boolean;
  readonly overdue?: boolean;
  readonly breachedAt: string | null;
}

export interface SlaReportGroup {
  readonly group: string;
  readonly met: number;
  readonly breached: number;
  readonly pending: number;
  readonly compliancePercent: number | null;
}

/** One document attached to a case (GET …/attachments). */
export interface Attachment {
  readonly digest: string;
  readonly kind: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly addedAt: string;
  readonly addedBy: { readonly id: string; readonly name?: string };
  readonly position: number;
  readonly hash: string;
}

export interface AttachmentList {
  readonly items: readonly Attachment[];
  /** The case's personal data was erased: the documents no longer open. */
  readonly erased: boolean;
  readonly limits: { readonly maxBytes: number; readonly mediaTypes: readonly string[] };
  /** The kinds an attachment may have. */
  readonly kinds: readonly string[];
}
