import type {
  ActiveSubscription,
  NewWebhookSubscription,
  WebhookSubscriptionView,
} from './webhook-subscriptions.js';

/**
 * Where webhook subscriptions, the outbox and its delivery state are kept: the integrations file beside
 * the embedded store (sqlite-webhook-outbox-store.ts), or the PostgreSQL database every node shares
 * (postgres-webhook-outbox-store.ts). One port, so the outbox feeder, the dispatcher and the API behave
 * the same on both; every method is async because one of them is a server.
 */
export interface WebhookSubscriptionStore {
  /**
   * Stores a new subscription, its secret sealed (bound to its id). Its `startPosition` is raised to the
   * outbox's checkpoint if that has moved past it meanwhile, atomically with the feeder's transactions: the
   * feeder has taken those events in without it, so it must not claim them (a replay sends them).
   */
  create(subscription: NewWebhookSubscription): Promise<WebhookSubscriptionView>;
  get(id: string): Promise<WebhookSubscriptionView | undefined>;
  /** Every subscription, revoked ones included, oldest first. */
  list(): Promise<WebhookSubscriptionView[]>;
  /**
   * Stops deliveries for good: the secret is destroyed and undelivered events are dropped (a revoked
   * subscription signs nothing more). False when it was already revoked.
   */
  revoke(id: string, at: string, by: string): Promise<boolean>;
  active(): Promise<ActiveSubscription[]>;
  /** The secret to sign with; undefined once revoked. */
  secretOf(id: string): Promise<string | undefined>;
  /** Active subscriptions. */
  count(): Promise<number>;
}

/** One event for one subscription, as the feeder or a replay queues it. */
export interface QueuedDelivery {
  readonly subscriptionId: string;
  readonly position: number;
  readonly streamId: string;
}

/** A pending delivery that may go now (its case's oldest), with where it goes. */
export interface DueDelivery extends QueuedDelivery {
  readonly attempts: number;
  readonly url: string;
  readonly personalData: boolean;
}

/** The outcome of a failed attempt, decided by the dispatcher. */
export interface FailedAttempt {
  readonly attempts: number;
  readonly error: string;
  /** ms since the epoch; meaningless once dead. */
  readonly nextAttemptAt: number;
  /** Set when the delivery becomes a dead letter (the ISO time it did). */
  readonly deadAt: string | undefined;
}

export interface DeadLetter {
  readonly position: number;
  readonly streamId: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly deadAt: string | null;
}

/** A subscription's outbox now: pending rows and the oldest pending position (null: none). */
export interface PendingDeliveries {
  readonly pending: number;
  readonly firstPending: number | null;
}

/**
 * The outbox: one row per (subscription, event) still to deliver. Only each (subscription, case)'s oldest
 * pending row is `ready`, kept so by every method here, so a later event never overtakes an earlier one.
 */
export interface WebhookDeliveryStore {
  /** The last log position the outbox has taken in. */
  checkpoint(): Promise<number>;
  /**
   * Queues the deliveries `deliveriesFor` picks for the active subscriptions (of events after `from` up to
   * `to`) and moves the checkpoint from `from` to `to` in one transaction, so a crash neither loses a
   * delivery nor queues one twice. The subscriptions are read inside that transaction, after the checkpoint
   * is locked, so one created meanwhile is either among them or starts after `to` (see `create`). False,
   * with nothing written, when the checkpoint is no longer `from`: another feeder took these events in.
   */
  enqueue(
    from: number,
    to: number,
    deliveriesFor: (subscriptions: readonly ActiveSubscription[]) => readonly QueuedDelivery[],
    now: number,
  ): Promise<boolean>;
  /** Queues again (a replay): pending from the start, dead letters included. */
  requeue(deliveries: readonly QueuedDelivery[], now: number): Promise<void>;
  /** Ready pending deliveries due at `now`, soonest first, of active subscriptions. */
  due(now: number, limit: number): Promise<DueDelivery[]>;
  /** Answered 2xx: the row leaves, the subscription counts it, the case's next becomes ready. */
  delivered(delivery: QueuedDelivery): Promise<void>;
  /** Records a failed attempt; a dead letter lets the case's next go. */
  failed(delivery: QueuedDelivery, attempt: FailedAttempt): Promise<void>;
  deadLetters(subscriptionId: string, limit: number): Promise<DeadLetter[]>;
  /** By subscription id; subscriptions with nothing queued are absent. */
  pending(): Promise<Map<string, PendingDeliveries>>;
}

export interface WebhookOutboxStore extends WebhookDeliveryStore {
  readonly subscriptions: WebhookSubscriptionStore;
  close(): Promise<void>;
}
