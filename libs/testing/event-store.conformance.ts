import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type NewEvent,
  type RecordedEvent,
} from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';

export interface ConformanceTarget {
  readonly open: () => Promise<EventStore>;
  readonly dispose?: (store: EventStore) => Promise<void>;
  /** SQLite refuses an event id stored in another stream; EventStoreDB checks ids per stream. */
  readonly eventIdsUniqueAcrossStreams: boolean;
}

function event(type = 'SomethingHappened', data: unknown = { n: 1 }, eventId = randomUUID()): NewEvent {
  return {
    eventId,
    type,
    data,
    metadata: { caseType: 'conformance', note: 'metadata travels with the event' },
  };
}

async function collect(
  store: EventStore,
  after: number,
  count: number,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const subscription = store.subscribeToAll({
    after,
    onEvent: (recorded) => {
      seen.push(recorded);
      if (seen.length >= count) done();
    },
  });
  const timer = setTimeout(done, timeoutMs);
  await finished;
  clearTimeout(timer);
  await subscription.unsubscribe();
  return seen;
}

/**
 * The behaviour every EventStore adapter must have. SQLite runs it always; EventStoreDB runs it where a
 * server is reachable (test/integration). Streams get unique names so one store can serve every test.
 */
export function describeEventStoreConformance(name: string, target: ConformanceTarget): void {
  describe(`EventStore conformance: ${name}`, () => {
    let store: EventStore;
    const stream = (label: string) => `conformance-${label}-${randomUUID()}`;

    beforeAll(async () => {
      store = await target.open();
    });
    afterAll(async () => {
      await (target.dispose ? target.dispose(store) : store.close());
    });

    it('appends to a new stream and reads the events back in order with their metadata', async () => {
      const id = stream('basic');
      const result = await store.append(id, [event('A', { n: 1 }), event('B', { n: 2 })], 'no_stream');
      expect(result.nextRevision).toBe(1);
      const events = await store.readStream(id);
      expect(events.map((recorded) => [recorded.revision, recorded.type, recorded.data])).toEqual([
        [0, 'A', { n: 1 }],
        [1, 'B', { n: 2 }],
      ]);
      expect(events[0]!.metadata).toMatchObject({ note: 'metadata travels with the event' });
      expect(events[1]!.position).toBe(result.position);
      expect(events[0]!.position).toBeLessThan(events[1]!.position);
      expect(await store.streamRevision(id)).toBe(1);
    });

    it('refuses no_stream on an existing stream, naming the actual revision', async () => {
      const id = stream('no-stream');
      await store.append(id, [event()], 'no_stream');
      const error = await store.append(id, [event()], 'no_stream').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamId: id, actual: 0 });
    });

    it('refuses an exact revision that is stale, and appends nothing', async () => {
      const id = stream('exact');
      await store.append(id, [event(), event()], 'no_stream');
      await expect(store.append(id, [event()], 0)).rejects.toMatchObject({ actual: 1 });
      expect(await store.streamRevision(id)).toBe(1);
      await expect(store.append(id, [event()], 1)).resolves.toMatchObject({ nextRevision: 2 });
    });

    it('refuses stream_exists and an exact revision on a missing stream', async () => {
      await expect(store.append(stream('missing'), [event()], 'stream_exists')).rejects.toMatchObject({
        actual: 'no_stream',
      });
      await expect(store.append(stream('missing'), [event()], 0)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
    });

    it('appends with any whatever the stream holds', async () => {
      const id = stream('any');
      await store.append(id, [event()], 'any');
      await expect(store.append(id, [event()], 'any')).resolves.toMatchObject({ nextRevision: 1 });
    });

    it('lets exactly one of concurrent writers with the same expected revision win', async () => {
      const id = stream('race');
      await store.append(id, [event()], 'no_stream');
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => store.append(id, [event()], 0)),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results.filter(
        (candidate) => candidate.status === 'rejected',
      ) as PromiseRejectedResult[]) {
        expect(result.reason).toBeInstanceOf(WrongExpectedRevisionError);
      }
      expect(await store.streamRevision(id)).toBe(1);
    });

    it('treats the same event ids appended again as a retry: nothing is written twice', async () => {
      const id = stream('idempotent');
      const events = [event('A'), event('B')];
      const first = await store.append(id, events, 'no_stream');
      const again = await store.append(id, events, 'no_stream');
      expect(again.nextRevision).toBe(first.nextRevision);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('never stores one event id in two streams', async () => {
      const shared = randomUUID();
      const [first, second] = [stream('dup-a'), stream('dup-b')];
      await store.append(first, [event('A', {}, shared)], 'no_stream');
      const error = await store.append(second, [event('A', {}, shared)], 'no_stream').then(
        () => undefined,
        (caught: unknown) => caught,
      );
      if (target.eventIdsUniqueAcrossStreams) {
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        await expect(store.readStream(second)).rejects.toBeInstanceOf(StreamNotFoundError);
      } else {
        // EventStoreDB de-duplicates ids per stream only: the engine derives ids from stream and command.
        expect(error).toBeUndefined();
        expect(await store.readStream(first)).toHaveLength(1);
      }
    });

    it('reads a range of a stream by revision', async () => {
      const id = stream('range');
      await store.append(
        id,
        Array.from({ length: 10 }, (_, n) => event('N', { n })),
        'no_stream',
      );
      const middle = await store.readStream(id, { fromRevision: 3, toRevision: 5 });
      expect(middle.map((recorded) => recorded.revision)).toEqual([3, 4, 5]);
      expect(await store.readStream(id, { fromRevision: 10 })).toEqual([]);
    });

    it('says a stream with no events does not exist', async () => {
      await expect(store.readStream(stream('nothing'))).rejects.toBeInstanceOf(StreamNotFoundError);
      expect(await store.streamRevision(stream('nothing'))).toBeUndefined();
    });

    it('keeps the global log in append order and pages through it', async () => {
      const head = await store.headPosition();
      const ids = [stream('log-a'), stream('log-b'), stream('log-c')];
      for (const [index, id] of ids.entries())
        await store.append(id, [event('Logged', { index })], 'no_stream');
      const seen: RecordedEvent[] = [];
      let after = head;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 2 });
        seen.push(...page.events);
        expect(page.events.length).toBeLessThanOrEqual(2);
        if (page.isEnd) break;
        after = page.lastPosition;
      }
      const ours = seen.filter((recorded) => ids.includes(recorded.streamId));
      expect(ours.map((recorded) => (recorded.data as { index: number }).index)).toEqual([0, 1, 2]);
      const positions = seen.map((recorded) => recorded.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(positions.length);
      expect(await store.headPosition()).toBe(positions[positions.length - 1]);
    });

    it('delivers catch-up then live events to a subscription, in order, without duplicates', async () => {
      const head = await store.headPosition();
      const id = stream('subscription');
      await store.append(id, [event('Before', { n: 0 }), event('Before', { n: 1 })], 'no_stream');
      const seen = collect(store, head, 4);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.append(id, [event('After', { n: 2 })], 1);
      await store.append(id, [event('After', { n: 3 })], 2);
      const events = (await seen).filter((recorded) => recorded.streamId === id);
      expect(events.map((recorded) => (recorded.data as { n: number }).n)).toEqual([0, 1, 2, 3]);
    });

    it('stores a payload of more than a megabyte intact', async () => {
      const id = stream('large');
      const big = { text: 'x'.repeat(1_100_000), list: Array.from({ length: 1000 }, (_, n) => n) };
      await store.append(id, [event('Large', big)], 'no_stream');
      const [stored] = await store.readStream(id);
      expect(stored!.data).toEqual(big);
    });

    it('stores unicode exactly: Chinese text, emoji, combining marks', async () => {
      const id = stream('unicode');
      const data = {
        customer: '王建国',
        note: '发动机异响，维修后仍未解决 🚗💨',
        plate: '沪A·12345',
        accent: 'e\u0301',
      };
      await store.append(id, [event('Unicode', data)], 'no_stream');
      const [stored] = await store.readStream(id);
      expect(stored!.data).toEqual(data);
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
