// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { Role } from '../../../libs/kernel/index.js';
import type { ComplaintContext } from '../complaint-context.js';
import type { CostPayer, Judgement, PausableDeadline, PauseReason } from '../events.js';

/** The escalation ladder of v3: handler (0) → service manager (1) → general manager (2). */
export const ESCALATION_LADDER: Readonly<Record<1 | 2, 'service_manager' | 'general_manager'>> = {
  1: 'service_manager',
  2: 'general_manager',
};

/**
 * 权限范围 (seed 001, 服务经理 「在权限范围内立即提供具体处理方案」): the most a holder may commit the dealer or the
 * OEM to in one plan, in minor units (CNY fen). The seeds give no amounts; these are the defaults this
 * version ships with (docs/complaints.md). A plan above the holder's limit needs the next level up.
 */
export const AUTHORITY_LIMIT_CENTS: Readonly<Partial<Record<Role, number>>> = {
  parts_manager: 200_000,
  technical_director: 200_000,
  service_manager: 1_000_000,
  general_manager: 5_000_000,
};

export type ClockState = 'idle' | 'running' | 'paused' | 'stopped' | 'breached';

export interface CostHandling {
  readonly payer: CostPayer;
  readonly amountCents: number;
  readonly currency: string;
  readonly notes: string | null;
}

export interface ClockPause {
  readonly deadline: PausableDeadline;
  readonly reason: PauseReason;
  readonly pausedBy: string;
  readonly pausedAt: string;
  readonly resumedAt: string | null;
}

/** v3 keeps v1's facts and adds what the seeds ask to be recorded. */
export interface ComplaintContextV3 extends ComplaintContext {
  /** 「服务经理负责参与处理重大客户投诉」: on a major complaint the service manager joins; the handler still proposes. */
  readonly managerJoined: boolean;
  readonly judgement: Judgement | null;
  /** The manager the latest escalation reached took the case over (null until they do). */
  readonly takenOver: { readonly by: string; readonly as: Role; readonly at: string } | null;
  /** The holder's authority limit (权限范围) for the plan they propose, in minor units. */
  readonly authorityLimitCents: number | null;
  /** The cost handling proposed with the plan, and the one the customer agreed to. */
  readonly proposedCost: CostHandling | null;
  readonly agreedCost: (CostHandling & { readonly at: string }) | null;
  /** 「服务顾问在收到《维修委托书》的24小时内」: when the service advisor received the internal repair order. */
  readonly repairOrder: { readonly ref: string; readonly receivedBy: string; readonly at: string } | null;
  readonly dismissalRequest: {
    readonly reason: string;
    readonly customerReply: string;
    readonly requestedBy: string;
    readonly at: string;
  } | null;
  readonly dismissalApprovedBy: string | null;
  /** 「预防问题重蹈覆辙」: recorded at closing. */
  readonly rootCause: string | null;
  readonly preventiveAction: string | null;
  readonly clocks: Readonly<Record<PausableDeadline, ClockState>>;
  readonly pauses: readonly ClockPause[];
}

/** The role one level above `level` on the ladder, or null at the top. */
export function nextLevelRole(level: number): Role | null {
  return level >= 2 ? null : ESCALATION_LADDER[(level + 1) as 1 | 2];
}
