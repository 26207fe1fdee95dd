import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { MemoryEventStore } from '../event-store/index.js';
import { ProjectionRunner } from '../projections/index.js';
import { SecretBox } from './secret-box.js';
import { WebhookOutbox } from './webhook-outbox.js';
import { WebhookOutboxProjection } from './webhook-outbox.projection.js';

const quiet = { warn: () => undefined, error: () => undefined };
const delivery = {
  timeoutMs: 1000,
  maxAttempts: 3,
  retryBaseMs: 10,
  retryMaxMs: 100,
  pollIntervalMs: 10,
  concurrency: 4,
};

/** Rows of the outbox, oldest first: which may go now (`ready`) and which wait for their case's turn. */
function outboxRows(outbox: WebhookOutbox): { position: number; stream: string; ready: number }[] {
  return outbox.db
    .prepare<[], { position: number; stream: string; ready: number }>(
      'SELECT position, stream_id AS stream, ready FROM webhook_outbox_deliveries ORDER BY position',
    )
    .all();
}

describe('the webhook outbox: one row per wanted event, only each case’s oldest pending one ready', () => {
  let store: MemoryEventStore;
  let outbox: WebhookOutbox;

  beforeEach(() => {
    store = new MemoryEventStore();
    outbox = new WebhookOutbox({
      path: ':memory:',
      secrets: SecretBox.fromKey(Buffer.alloc(32, 3)),
      store,
      present: (_caseType, data) => data,
      delivery,
      logger: quiet,
    });
  });
  afterEach(async () => {
    await outbox.stop();
    outbox.close();
    await store.close();
  });

  async function record(caseType: string, caseId: string, type: string): Promise<void> {
    const stream = `${caseType}-${caseId}`;
    const revision = await store.streamRevision(stream);
    await store.append(
      stream,
      [{ eventId: randomUUID(), type, data: {}, metadata: { caseType, caseId } }],
      revision ?? 'no_stream',
    );
  }

  function subscribe(caseTypes: string[] = [], startPosition = 0): string {
    const id = randomUUID();
    outbox.subscriptions.create({
      id,
      url: 'http://127.0.0.1:9/unused',
      caseTypes,
      eventTypes: [],
      personalData: false,
      secret: 'a-secret-of-at-least-24-chars',
      createdAt: '2026-03-02T09:00:00.000Z',
      createdBy: 'zhou.integration',
      startPosition,
    });
    return id;
  }

  async function project(): Promise<void> {
    await new ProjectionRunner(store, outbox.db, [
      new WebhookOutboxProjection(outbox.subscriptions),
    ]).catchUp();
  }

  it('given two cases with two events each, queues all four and marks only the first of each case ready', async () => {
    subscribe(['complaint']);
    await record('complaint', 'a', 'ComplaintReceived');
    await record('complaint', 'b', 'ComplaintReceived');
    await record('goodwill', 'c', 'GoodwillApplied');
    await record('complaint', 'a', 'ComplaintVerified');
    await record('complaint', 'b', 'ComplaintVerified');
    await project();
    expect(outboxRows(outbox)).toEqual([
      { position: 1, stream: 'complaint-a', ready: 1 },
      { position: 2, stream: 'complaint-b', ready: 1 },
      { position: 4, stream: 'complaint-a', ready: 0 },
      { position: 5, stream: 'complaint-b', ready: 0 },
    ]);
  });

  it('given a subscription created at position 2, queues only the events after it; a replay from 1 queues the earlier one first', async () => {
    await record('complaint', 'a', 'ComplaintReceived');
    await record('complaint', 'a', 'ComplaintVerified');
    const id = subscribe([], 2);
    await record('complaint', 'a', 'ComplaintEscalated');
    await project();
    expect(outboxRows(outbox)).toEqual([{ position: 3, stream: 'complaint-a', ready: 1 }]);

    expect(await outbox.replay(id, 1)).toBe(3);
    expect(outboxRows(outbox)).toEqual([
      { position: 1, stream: 'complaint-a', ready: 1 },
      { position: 2, stream: 'complaint-a', ready: 0 },
      { position: 3, stream: 'complaint-a', ready: 0 },
    ]);
  });
});
