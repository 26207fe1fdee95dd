import type { EventTypesOf, Role, WorkflowEvents } from '../../libs/kernel/index.js';

/** Goodwill payment events (善意补偿款, DOMAIN.md §2, seed 003). Names are stable forever. */
export const GoodwillEvents = {
  submitted: 'GoodwillApplicationSubmitted',
  waiverConfirmed: 'GoodwillWaiverConfirmed',
  signed: 'GoodwillApprovalSigned',
  rejected: 'GoodwillApplicationRejected',
  returned: 'GoodwillApplicationReturned',
  resubmitted: 'GoodwillApplicationResubmitted',
  regionalStaffNotified: 'GoodwillRegionalStaffNotified',
  settlementMaterialRequested: 'GoodwillSettlementMaterialRequested',
  settlementMaterialSubmitted: 'GoodwillSettlementMaterialSubmitted',
  settled: 'GoodwillSettled',
} as const;

/**
 * The signing order (seed 003 steps 3–4): the OEM after-sales rep, the regional service manager and the OEM
 * general manager sign; product liability submits to the leadership, which approves.
 */
export const GOODWILL_SIGNERS: readonly Role[] = [
  'oem_aftersales_rep',
  'regional_service_manager',
  'oem_general_manager',
  'product_liability',
  'oem_leadership',
];

/**
 * What a cost line of an application is (v3, 「赔偿客户损失及诉讼等发生的直接费用,但不包括连带费用」 [003]): a
 * direct cost of the customer's loss or litigation, payable; or a consequential one, recorded, never paid.
 */
export const COST_KINDS = ['direct', 'consequential'] as const;
export type CostKind = (typeof COST_KINDS)[number];

/** Every event a goodwill records, as a union discriminated by `type`. */
export type GoodwillEvent = WorkflowEvents<EventTypesOf<typeof GoodwillEvents>>;
