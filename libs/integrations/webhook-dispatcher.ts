import type { EventStore } from '../event-store/index.js';
import { WakeablePause, type RecordedEvent } from '../kernel/index.js';
import { caseOf } from './webhook-outbox-feeder.js';
import type { DueDelivery, WebhookOutboxStore } from './webhook-outbox-store.port.js';
import { signWebhook } from './webhook-signature.js';

export interface WebhookDeliveryOptions {
  /** A receiver that has not answered within this is a failed attempt (ms). */
  readonly timeoutMs: number;
  /** Attempts before a delivery becomes a dead letter. */
  readonly maxAttempts: number;
  /** The first retry waits this long; each further one twice as long … */
  readonly retryBaseMs: number;
  /** … but never longer than this (ms). */
  readonly retryMaxMs: number;
  /** How often the outbox is looked at for due deliveries (ms). */
  readonly pollIntervalMs: number;
  /** Deliveries in flight at once, over every subscription (each case has at most one). */
  readonly concurrency: number;
}

export interface DispatcherLogger {
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** What a subscription receives of an event's data: opened, and masked unless it may see personal data. */
export type PresentEventData = (
  caseType: string,
  data: unknown,
  personalData: boolean,
) => unknown | Promise<unknown>;

/**
 * Sends the outbox's deliveries: in log order per (subscription, case) — a case's next event waits until
 * the one before it was delivered or dead-lettered — at least once (a row leaves only after a 2xx, so a
 * crash mid-delivery sends it again and the receiver de-duplicates by `webhook-id`), with exponential
 * back-off between attempts. Runs on the event loop of the one process that delivers (see WebhookOutbox),
 * apart from the command path: a slow receiver holds one of `concurrency` slots, never a command. Stopped
 * for good by `stop`; a process that delivers again starts a new one.
 */
export class WebhookDispatcher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly pause = new WakeablePause();
  /**
   * Deliveries settled (delivered or failed) while `fill` waits for the outbox: the rows it reads may
   * predate their settling, so they would look due again, and go twice, once out of `inFlight`.
   */
  private settledDuringRead: Set<string> | undefined;

  constructor(
    private readonly storage: WebhookOutboxStore,
    private readonly store: EventStore,
    private readonly present: PresentEventData,
    private readonly options: WebhookDeliveryOptions,
    private readonly logger: DispatcherLogger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** The outbox has new rows: look now instead of at the next poll. */
  wake(): void {
    this.pause.wake();
  }

  /** Stops taking deliveries and abandons those in flight (they stay in the outbox and go again later). */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    this.pause.wake();
    await this.loop;
    await Promise.allSettled(this.inFlight.values());
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.fill();
      } catch (error) {
        this.logger.error({ err: error }, 'webhook outbox could not be read; retrying');
      }
      await this.pause.for(this.options.pollIntervalMs);
    }
  }

  private async fill(): Promise<void> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return;
    // Only each case's oldest pending delivery is `ready`, so a later event never overtakes one still
    // being retried.
    const settled = new Set<string>();
    this.settledDuringRead = settled;
    let due: DueDelivery[];
    try {
      due = await this.storage.due(this.now(), free + this.inFlight.size);
    } finally {
      this.settledDuringRead = undefined;
    }
    for (const row of due) {
      if (!this.running || this.inFlight.size >= this.options.concurrency) break;
      const key = `${row.subscriptionId}\u0000${row.streamId}`;
      if (this.inFlight.has(key) || settled.has(`${key}\u0000${row.position}`)) continue;
      const delivery = this.deliver(row)
        .catch((error: unknown) =>
          this.logger.error({ err: error, subscription: row.subscriptionId }, 'webhook delivery failed'),
        )
        .finally(() => {
          this.settledDuringRead?.add(`${key}\u0000${row.position}`);
          this.inFlight.delete(key);
          this.pause.wake();
        });
      this.inFlight.set(key, delivery);
    }
  }

  private async deliver(row: DueDelivery): Promise<void> {
    const secret = await this.storage.subscriptions.secretOf(row.subscriptionId);
    if (secret === undefined) return;
    const event = await this.eventAt(row.position);
    if (event === undefined) {
      await this.failed(row, `event ${row.position} is not in the log`, true);
      return;
    }
    const body = await this.body(event, row.personalData);
    const timestamp = Math.floor(this.now() / 1000);
    let outcome: string | undefined;
    try {
      const response = await fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'aftersales-workflow-engine-webhooks/1',
          'webhook-id': event.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret, event.eventId, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.stopping.signal]),
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299) outcome = `HTTP ${response.status}`;
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      const name = (error as Error).name;
      outcome =
        name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : `${(error as Error).message}${(error as { cause?: Error }).cause ? `: ${(error as { cause: Error }).cause.message}` : ''}`;
    }
    if (outcome === undefined) await this.storage.delivered(row);
    else await this.failed(row, outcome, false);
  }

  private async body(event: RecordedEvent, personalData: boolean): Promise<string> {
    const owner = caseOf(event)!;
    const metadata = event.metadata as { occurredAt?: string };
    return JSON.stringify({
      type: event.type,
      caseType: owner.caseType,
      caseId: owner.caseId,
      revision: event.revision,
      position: event.position,
      occurredAt: metadata.occurredAt ?? event.recordedAt,
      data: await this.present(owner.caseType, event.data, personalData),
    });
  }

  private async eventAt(position: number): Promise<RecordedEvent | undefined> {
    const page = await this.store.readAll({ after: position - 1, maxCount: 1 });
    const event = page.events[0];
    return event?.position === position ? event : undefined;
  }

  private async failed(row: DueDelivery, reason: string, permanent: boolean): Promise<void> {
    const attempts = row.attempts + 1;
    const dead = permanent || attempts >= this.options.maxAttempts;
    const wait = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (attempts - 1));
    await this.storage.failed(row, {
      attempts,
      error: reason.slice(0, 500),
      nextAttemptAt: this.now() + wait,
      deadAt: dead ? new Date(this.now()).toISOString() : undefined,
    });
    if (dead)
      this.logger.warn(
        { subscription: row.subscriptionId, position: row.position, attempts, reason },
        'webhook delivery dead-lettered',
      );
  }
}
