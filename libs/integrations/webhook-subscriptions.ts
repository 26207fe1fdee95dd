export interface NewWebhookSubscription {
  readonly id: string;
  readonly url: string;
  /** Absent or empty: every case type. */
  readonly caseTypes: readonly string[];
  /** Absent or empty: every event type. */
  readonly eventTypes: readonly string[];
  /** Whether names and phone numbers go out in clear; otherwise masked as for a reader who may not see them. */
  readonly personalData: boolean;
  readonly secret: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** The log's head when created: the subscription receives the events after it (earlier ones by replay). */
  readonly startPosition: number;
}

/** A subscription as the API shows it: never its secret. */
export interface WebhookSubscriptionView {
  readonly id: string;
  readonly url: string;
  readonly caseTypes: readonly string[];
  readonly eventTypes: readonly string[];
  readonly personalData: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly startPosition: number;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly delivered: number;
  readonly failedAttempts: number;
  readonly deadLettered: number;
}

export interface ActiveSubscription {
  readonly id: string;
  readonly url: string;
  readonly caseTypes: ReadonlySet<string>;
  readonly eventTypes: ReadonlySet<string>;
  readonly personalData: boolean;
  readonly startPosition: number;
}

/** Whether a subscription wants this event (filters by case type and event type; empty means all). */
export function wants(
  subscription: Pick<ActiveSubscription, 'caseTypes' | 'eventTypes'>,
  caseType: string,
  type: string,
): boolean {
  return (
    (subscription.caseTypes.size === 0 || subscription.caseTypes.has(caseType)) &&
    (subscription.eventTypes.size === 0 || subscription.eventTypes.has(type))
  );
}
