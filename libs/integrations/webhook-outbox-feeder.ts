import type { EventStore } from '../event-store/index.js';
import type { RecordedEvent } from '../kernel/index.js';
import type { QueuedDelivery, WebhookOutboxStore } from './webhook-outbox-store.port.js';
import { wants, type ActiveSubscription } from './webhook-subscriptions.js';

/** What the outbox reads of an event to decide who gets it. */
export type RoutedEvent = Pick<RecordedEvent, 'position' | 'streamId' | 'type' | 'metadata'>;

/** The case an event belongs to, or undefined for an event outside every case. */
export function caseOf(
  event: Pick<RecordedEvent, 'metadata'>,
): { caseType: string; caseId: string } | undefined {
  const metadata = event.metadata as { caseType?: unknown; caseId?: unknown };
  return typeof metadata.caseType === 'string' && typeof metadata.caseId === 'string'
    ? { caseType: metadata.caseType, caseId: metadata.caseId }
    : undefined;
}

/** For each event (in log order) and each subscription that wants it, one delivery. */
export function deliveriesOf(
  events: readonly RoutedEvent[],
  subscriptions: readonly ActiveSubscription[],
): QueuedDelivery[] {
  const deliveries: QueuedDelivery[] = [];
  for (const event of events) {
    const owner = caseOf(event);
    if (owner === undefined) continue;
    for (const subscription of subscriptions) {
      if (event.position <= subscription.startPosition) continue;
      if (!wants(subscription, owner.caseType, event.type)) continue;
      deliveries.push({
        subscriptionId: subscription.id,
        position: event.position,
        streamId: event.streamId,
      });
    }
  }
  return deliveries;
}

/**
 * Feeds the outbox from the log: reads the page after the outbox's checkpoint, and queues the page's
 * events that the active subscriptions want with the new checkpoint in one transaction (the storage reads
 * the subscriptions inside it: see WebhookDeliveryStore.enqueue). Only the rows are derived state: a body
 * is built from the log when it is sent, so personal data is never copied into the outbox and an erasure
 * also reaches deliveries not yet made.
 */
export class WebhookOutboxFeeder {
  constructor(
    private readonly log: EventStore,
    private readonly storage: WebhookOutboxStore,
    private readonly now: () => number,
    private readonly pageSize = 1000,
  ) {}

  /**
   * Takes in one page; returns how many events it read (0: caught up). A page another feeder took in
   * meanwhile (its checkpoint moved) is dropped unwritten and read again from the new checkpoint.
   */
  async feedOnce(): Promise<number> {
    const from = await this.storage.checkpoint();
    const page = await this.log.readAll({ after: from, maxCount: this.pageSize, following: true });
    if (page.events.length === 0) return 0;
    const to = page.events[page.events.length - 1]!.position;
    await this.storage.enqueue(
      from,
      to,
      (subscriptions) => deliveriesOf(page.events, subscriptions),
      this.now(),
    );
    return page.events.length;
  }

  /** Feeds until the log's end as it is now (tests, and a duty just taken over). */
  async catchUp(): Promise<void> {
    while ((await this.feedOnce()) > 0);
  }
}
