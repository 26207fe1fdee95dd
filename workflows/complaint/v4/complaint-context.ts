// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import type { Role } from '../../../libs/kernel/index.js';

/*
 * v4 records the same facts as v3: the context and its parts are types only, shared with v3 (they cannot
 * change a decision). What a guard or an assignment reads is copied here.
 */
export type {
  ClockPause,
  ClockState,
  ComplaintContextV3 as ComplaintContextV4,
  CostHandling,
} from '../v3/complaint-context.js';

/** The escalation ladder of v4 (as v3's): handler (0) → service manager (1) → general manager (2). */
export const ESCALATION_LADDER: Readonly<Record<1 | 2, 'service_manager' | 'general_manager'>> = {
  1: 'service_manager',
  2: 'general_manager',
};

/**
 * 权限范围 (seed 001, 服务经理 「在权限范围内立即提供具体处理方案」): the most a holder may commit the dealer or the
 * OEM to in one plan, in minor units (CNY fen). The seeds give no amounts; these are the defaults this
 * version ships with, v3's (docs/complaints.md). A plan above the holder's limit needs the next level up.
 */
export const AUTHORITY_LIMIT_CENTS: Readonly<Partial<Record<Role, number>>> = {
  parts_manager: 200_000,
  technical_director: 200_000,
  service_manager: 1_000_000,
  general_manager: 5_000_000,
};

/** The role one level above `level` on the ladder, or null at the top. */
export function nextLevelRole(level: number): Role | null {
  return level >= 2 ? null : ESCALATION_LADDER[(level + 1) as 1 | 2];
}
