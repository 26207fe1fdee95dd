import { describe, expect, it } from '@jest/globals';
import { describeEventStoreConformance } from '../../testing/index.js';
import { MemoryEventStore } from './memory-event-store.js';

describeEventStoreConformance('in memory', {
  open: async () => new MemoryEventStore(),
  eventIdsUniqueAcrossStreams: true,
});

describe('the in-memory event store', () => {
  it('gives back a copy: a caller changing an event it appended or read changes nothing stored', async () => {
    const store = new MemoryEventStore();
    const data = { customer: { name: '王建国' } };
    await store.append(
      's-1',
      [{ eventId: 'e-1', type: 'A', data, metadata: { caseType: 't' } }],
      'no_stream',
    );
    data.customer.name = 'changed after append';
    const [read] = await store.readStream('s-1');
    (read!.data as typeof data).customer.name = 'changed after read';
    expect((await store.readStream('s-1'))[0]!.data).toEqual({ customer: { name: '王建国' } });
    await store.close();
  });

  it('refuses an append whose events repeat an id, and stores none of them', async () => {
    const store = new MemoryEventStore();
    const event = { eventId: 'twice', type: 'A', data: {}, metadata: {} };
    await expect(store.append('s-1', [event, event], 'no_stream')).rejects.toMatchObject({
      eventId: 'twice',
    });
    expect(await store.streamRevision('s-1')).toBeUndefined();
    expect(await store.headPosition()).toBe(0);
    await store.close();
  });

  it('is unusable once closed', async () => {
    const store = new MemoryEventStore();
    await store.close();
    await expect(store.ping()).rejects.toThrow(/closed/);
  });
});
