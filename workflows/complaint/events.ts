import { SATISFACTION_SCALE, type EventTypesOf, type WorkflowEvents } from '../../libs/kernel/index.js';
/**
 * Complaint events. The type names are stable forever (ARCHITECTURE.md "Events"): a new need gets a new
 * event or a new schemaVersion with an upcaster, never a rename.
 */
export const ComplaintEvents = {
  received: 'ComplaintReceived',
  verified: 'ComplaintVerified',
  dismissed: 'ComplaintDismissed',
  resolutionProposed: 'ComplaintResolutionProposed',
  customerReplied: 'ComplaintCustomerReplied',
  feedbackReported: 'ComplaintFeedbackReported',
  satisfactionConfirmed: 'ComplaintSatisfactionConfirmed',
  followUpRecorded: 'ComplaintFollowUpRecorded',
  escalated: 'ComplaintEscalated',
  closed: 'ComplaintClosed',
  reopened: 'ComplaintReopened',
  deadlineBreached: 'ComplaintDeadlineBreached',
  // v3
  dismissalApproved: 'ComplaintDismissalApproved',
  dismissalRefused: 'ComplaintDismissalRefused',
  takenOver: 'ComplaintTakenOver',
  repairOrderReceived: 'ComplaintRepairOrderReceived',
  clockPaused: 'ComplaintClockPaused',
  clockResumed: 'ComplaintClockResumed',
} as const;

export const CHANNELS = [
  'walk_in',
  'phone',
  'letter',
  'email',
  'oem_hotline',
  'online',
  'authority_referral',
] as const;
export const CATEGORIES = [
  'service_attitude',
  'repair_technique',
  'repair_price',
  'delay',
  'parts_quality',
  'product_quality',
] as const;
export const SEVERITIES = ['normal', 'major'] as const;
export const CUSTOMER_CLASSES = ['A', 'B', 'C'] as const;
export const SENSITIVITIES = ['media', 'vip', 'key_account', 'demanding'] as const;
export const PROBLEM_CLASSES = ['parts', 'technical', 'other'] as const;
export const REPLY_DECISIONS = ['accepted', 'rejected'] as const;
/** The seed's 7-level satisfaction scale [001], best first. */
export const SATISFACTION_LEVELS = SATISFACTION_SCALE;
export const DEADLINE_KINDS = ['feedback', 'follow-up'] as const;
/** v3: the clocks a holder may pause, including the escalated manager's own take-over clock. */
export const PAUSABLE_DEADLINES = ['feedback', 'follow-up', 'take-over'] as const;
/** v3: why a clock stops running for a while; paused time never counts toward a breach. */
export const PAUSE_REASONS = ['waiting_for_parts', 'waiting_for_customer', 'waiting_for_oem'] as const;
/**
 * v3, seed 001 「准确判断问题是不良(材料或者制造缺陷所造成的问题)、还是不满(符合国家标准或企业标准,但客户不满意)或客户的过失造成」:
 * defect (不良), dissatisfaction (不满), customer fault (客户过失).
 */
export const JUDGEMENTS = ['defect', 'dissatisfaction', 'customer_fault'] as const;
/** v3: who bears the cost agreed with the customer (「处理维修费用等事宜」). */
export const COST_PAYERS = ['dealer', 'oem', 'customer', 'shared'] as const;

export type Channel = (typeof CHANNELS)[number];
export type Category = (typeof CATEGORIES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Sensitivity = (typeof SENSITIVITIES)[number];
export type ProblemClass = (typeof PROBLEM_CLASSES)[number];
export type ReplyDecision = (typeof REPLY_DECISIONS)[number];
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];
export type PausableDeadline = (typeof PAUSABLE_DEADLINES)[number];
export type PauseReason = (typeof PAUSE_REASONS)[number];
export type Judgement = (typeof JUDGEMENTS)[number];
export type CostPayer = (typeof COST_PAYERS)[number];

export interface ComplaintIntake {
  readonly channel: Channel;
  readonly category: Category;
  readonly severity: Severity;
  /** A safety issue makes the complaint major (DOMAIN.md §1 escalation). */
  readonly safety?: boolean;
  readonly customer: {
    readonly name: string;
    readonly phone: string;
    readonly class: 'A' | 'B' | 'C';
    readonly sensitive?: readonly Sensitivity[];
  };
  readonly vehicle: {
    readonly vin: string;
    readonly plate?: string;
    readonly model?: string;
    readonly mileageKm?: number;
    readonly invoiceDate?: string;
  };
  readonly repairOrderId?: string;
  readonly description: string;
}

/** Every event a complaint records, as a union discriminated by `type`. */
export type ComplaintEvent = WorkflowEvents<
  EventTypesOf<typeof ComplaintEvents>,
  { ComplaintReceived: ComplaintIntake }
>;
