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
export const SATISFACTION_LEVELS = [
  'very_satisfied',
  'satisfied',
  'fairly_satisfied',
  'neutral',
  'somewhat_dissatisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;
/** A follow-up at one of these levels reopens the case (DOMAIN.md §1 step 8). */
export const DISSATISFIED_LEVELS: readonly Satisfaction[] = [
  'somewhat_dissatisfied',
  'dissatisfied',
  'very_dissatisfied',
];
export const DEADLINE_KINDS = ['feedback', 'follow-up'] as const;

export type Channel = (typeof CHANNELS)[number];
export type Category = (typeof CATEGORIES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Sensitivity = (typeof SENSITIVITIES)[number];
export type ProblemClass = (typeof PROBLEM_CLASSES)[number];
export type ReplyDecision = (typeof REPLY_DECISIONS)[number];
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

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
