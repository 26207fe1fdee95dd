import type { EventStore } from '../event-store/index.js';
import { WakeablePause } from '../kernel/index.js';
import {
  WebhookDispatcher,
  type DispatcherLogger,
  type PresentEventData,
  type WebhookDeliveryOptions,
} from './webhook-dispatcher.js';
import { WebhookOutboxFeeder, caseOf } from './webhook-outbox-feeder.js';
import type {
  DeadLetter,
  QueuedDelivery,
  WebhookOutboxStore,
  WebhookSubscriptionStore,
} from './webhook-outbox-store.port.js';
import { wants } from './webhook-subscriptions.js';

/**
 * A duty that one process of several performs at a time (on PostgreSQL an advisory lock, see
 * PostgresAdvisoryDuty): feeding the outbox and delivering.
 */
export interface DeliveryDuty {
  /** True while this process holds the duty; takes it when it is free. */
  claim(): Promise<boolean>;
  release(): Promise<void>;
}

export interface WebhookOutboxOptions {
  /** Where subscriptions, the outbox and its checkpoint are kept. */
  readonly storage: WebhookOutboxStore;
  /** The event log the outbox follows. */
  readonly store: EventStore;
  readonly present: PresentEventData;
  readonly delivery: WebhookDeliveryOptions;
  readonly logger: DispatcherLogger;
  /**
   * Several processes share `storage` (every node on PostgreSQL): only the holder of this duty feeds and
   * delivers, and a standby takes over when the holder dies. Absent: `start` delivers at once (the process
   * holding the DATA_DIR's projector lock is the only one that starts).
   */
  readonly duty?: DeliveryDuty;
  /** How often a process without the duty tries to take it, and its holder checks it still holds it (ms). */
  readonly dutyIntervalMs?: number;
  readonly now?: () => number;
}

export type { DeadLetter } from './webhook-outbox-store.port.js';

export interface SubscriptionDeliveryStats {
  readonly subscriptionId: string;
  /** Events in the log after the last one this subscription has had delivered (or dead-lettered) in order. */
  readonly lagEvents: number;
  readonly pending: number;
  readonly deadLettered: number;
  readonly failedAttempts: number;
  readonly delivered: number;
}

/**
 * Webhooks to other systems, wired together: the subscriptions, the outbox feeder (its own checkpoint,
 * committed with its rows, so a rebuild of the read models never re-sends anything) and the dispatcher,
 * over one storage port. Every process opens it to manage subscriptions; `start` makes this process a
 * candidate to deliver: at once without a duty, else while it holds the duty.
 */
export class WebhookOutbox {
  readonly subscriptions: WebhookSubscriptionStore;
  private readonly feeder: WebhookOutboxFeeder;
  private readonly now: () => number;
  private started = false;
  private loop: Promise<void> | undefined;
  private readonly pause = new WakeablePause();
  private dispatcher: WebhookDispatcher | undefined;

  constructor(private readonly options: WebhookOutboxOptions) {
    this.now = options.now ?? Date.now;
    this.subscriptions = options.storage.subscriptions;
    this.feeder = new WebhookOutboxFeeder(options.store, options.storage, this.now);
  }

  get storage(): WebhookOutboxStore {
    return this.options.storage;
  }

  /** Whether this process feeds and delivers now. */
  get delivering(): boolean {
    return this.dispatcher !== undefined;
  }

  /** Follows the log into the outbox and sends what is due, while this process holds the duty (if any). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.pause.wake();
    await this.loop;
    await this.stopDelivering();
    await this.options.duty?.release();
  }

  async close(): Promise<void> {
    await this.options.storage.close();
  }

  /** The last log position the outbox has taken in (0 before it first ran). */
  checkpoint(): Promise<number> {
    return this.options.storage.checkpoint();
  }

  /** Feeds the outbox up to the log's end as it is now (tests; the running feeder does this by itself). */
  catchUp(): Promise<void> {
    return this.feeder.catchUp();
  }

  /**
   * Queues again every event from `fromPosition` on that the subscription's filters want, dead letters
   * included, in log order; the receiver sees them again with their own `webhook-id`s. Returns how many.
   */
  async replay(subscriptionId: string, fromPosition: number): Promise<number> {
    const subscription = (await this.subscriptions.active()).find(
      (candidate) => candidate.id === subscriptionId,
    );
    if (subscription === undefined) return 0;
    const head = await this.options.store.headPosition();
    let queued = 0;
    let after = Math.max(0, fromPosition - 1);
    while (after < head) {
      const page = await this.options.store.readAll({ after, maxCount: 1000 });
      if (page.events.length === 0) break;
      const deliveries: QueuedDelivery[] = [];
      for (const event of page.events) {
        if (event.position > head) break;
        const owner = caseOf(event);
        if (owner === undefined || !wants(subscription, owner.caseType, event.type)) continue;
        deliveries.push({ subscriptionId, position: event.position, streamId: event.streamId });
      }
      await this.options.storage.requeue(deliveries, this.now());
      queued += deliveries.length;
      after = page.lastPosition;
    }
    return queued;
  }

  deadLetters(subscriptionId: string, limit = 1000): Promise<DeadLetter[]> {
    return this.options.storage.deadLetters(subscriptionId, limit);
  }

  /** Per active subscription, for /metrics. `head` is the log's head position. */
  async stats(head: number): Promise<SubscriptionDeliveryStats[]> {
    const [checkpoint, outbox, subscriptions] = [
      await this.checkpoint(),
      await this.options.storage.pending(),
      await this.subscriptions.list(),
    ];
    return subscriptions
      .filter((subscription) => subscription.revokedAt === null)
      .map((subscription) => {
        const queued = outbox.get(subscription.id);
        const doneUpTo =
          queued?.firstPending != null
            ? queued.firstPending - 1
            : Math.max(checkpoint, subscription.startPosition);
        return {
          subscriptionId: subscription.id,
          lagEvents: Math.max(0, head - doneUpTo),
          pending: queued?.pending ?? 0,
          deadLettered: subscription.deadLettered,
          failedAttempts: subscription.failedAttempts,
          delivered: subscription.delivered,
        };
      });
  }

  /**
   * While started: holds (or waits for) the duty, feeds the outbox page by page and keeps a dispatcher
   * running while the duty is held. Losing the duty (its connection gone) stops delivering at the next
   * look; another process has taken or will take over, and the outbox rows say where it goes on.
   */
  private async run(): Promise<void> {
    const { duty, logger } = this.options;
    const pollMs = Math.min(250, this.options.delivery.pollIntervalMs);
    const dutyMs = this.options.dutyIntervalMs ?? 1000;
    let lastClaim = -Infinity;
    let holds = duty === undefined;
    let failures = 0;
    while (this.started) {
      try {
        if (duty !== undefined && Date.now() - lastClaim >= dutyMs) {
          lastClaim = Date.now();
          const held = await duty.claim();
          if (held !== holds)
            logger.warn({ duty: held }, held ? 'webhook delivery taken over' : 'webhook delivery handed on');
          holds = held;
        }
        if (!holds || !this.started) {
          await this.stopDelivering();
        } else {
          this.startDelivering();
          if ((await this.feeder.feedOnce()) > 0) {
            failures = 0;
            this.dispatcher?.wake();
            continue;
          }
        }
        failures = 0;
      } catch (error) {
        failures += 1;
        logger.error({ err: error }, 'webhook outbox failed; retrying');
      }
      await this.pause.for(failures > 0 ? Math.min(30_000, pollMs * 2 ** failures) : holds ? pollMs : dutyMs);
    }
  }

  private startDelivering(): void {
    if (this.dispatcher !== undefined) return;
    this.dispatcher = new WebhookDispatcher(
      this.options.storage,
      this.options.store,
      this.options.present,
      this.options.delivery,
      this.options.logger,
      this.now,
    );
    this.dispatcher.start();
  }

  private async stopDelivering(): Promise<void> {
    const dispatcher = this.dispatcher;
    this.dispatcher = undefined;
    await dispatcher?.stop();
  }
}
