import { describe, expect, it } from '@jest/globals';
import { eventIdFor, idempotentCommandId, isUuid, timeOrderedId, uuidFromName } from './ids.js';

describe('time-ordered ids (case and command ids the engine mints)', () => {
  const at = new Date('2026-12-01T07:00:00.000Z');

  it('are UUIDs in the version 7 layout whose first 48 bits are the time in milliseconds', () => {
    const id = timeOrderedId(at);
    expect(isUuid(id)).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at.getTime());
  });

  it('sort by the time they were minted, whatever their random part', () => {
    const times = [0, 1, 255, 256, 60_000, 86_400_000].map((ms) => new Date(at.getTime() + ms));
    const ids = times.map((time) => timeOrderedId(time));
    expect([...ids].sort()).toEqual(ids);
  });

  it('are still UUIDs, with time bits of 0, when the clock gives an invalid or out-of-range date', () => {
    for (const at of [new Date(Number.NaN), new Date(-1), new Date(8_640_000_000_000_000)])
      expect(timeOrderedId(at)).toMatch(/^00000000-0000-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differ when minted in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => timeOrderedId(at)));
    expect(ids.size).toBe(1000);
  });
});

describe('event ids', () => {
  const streamId = 'complaint-3f1c2a4e-8b1d-4f7a-9c2e-5d6b7a8c9d0e';

  it('are the same for a retry of the same command on the same stream', () => {
    const commandId = timeOrderedId(new Date('2026-12-01T07:00:00.000Z'));
    expect(eventIdFor(streamId, commandId)).toBe(eventIdFor(streamId, commandId));
    expect(eventIdFor(`${streamId}0`, commandId)).not.toBe(eventIdFor(streamId, commandId));
  });

  it('keep the time bits of a time-ordered command id, so they sort with it', () => {
    const commandId = timeOrderedId(new Date('2026-12-01T07:00:00.000Z'));
    const eventId = eventIdFor(streamId, commandId);
    expect(eventId.slice(0, 15)).toBe(commandId.slice(0, 15));
    expect(eventId).not.toBe(commandId);
    expect(eventId.slice(15)).toBe(uuidFromName(`${streamId}:${commandId}`).slice(15));
  });

  it('keep the time bits of a time-ordered case when a client chose the command id', () => {
    const caseId = timeOrderedId(new Date('2026-12-01T07:00:00.000Z'));
    const eventId = eventIdFor(`complaint-${caseId}`, 'dms.user:retry-key-17');
    expect(eventId.slice(0, 15)).toBe(caseId.slice(0, 15));
    expect(eventId.slice(15)).toBe(uuidFromName(`complaint-${caseId}:dms.user:retry-key-17`).slice(15));
    expect(eventIdFor(`complaint-${caseId}`, 'dms.user:retry-key-17')).toBe(eventId);
  });

  it('derive the whole id from the name for a command id a client chose on a case with a random id (as stored events have)', () => {
    expect(eventIdFor(streamId, 'cmd-1')).toBe('88960f3d-e0c2-5b82-b25d-d04153c4cdf1');
    const randomV4 = '0b7e4c1e-2f5a-4d3b-9c8e-1a2b3c4d5e6f';
    expect(eventIdFor(streamId, randomV4)).toBe(uuidFromName(`${streamId}:${randomV4}`));
  });
});

describe('idempotent command ids (a caller and their Idempotency-Key)', () => {
  it('are the same for the same caller and key, and a UUID', () => {
    expect(idempotentCommandId('wang.cs', 'k-1')).toBe(idempotentCommandId('wang.cs', 'k-1'));
    expect(isUuid(idempotentCommandId('wang.cs', 'k-1'))).toBe(true);
  });

  it.each([
    [
      ['urn:u', '2970'],
      ['urn', 'u:2970'],
    ],
    [
      ['a', 'b:c'],
      ['a:b', 'c'],
    ],
    [
      ['wang.cs', 'k-1'],
      ['zhao.cs', 'k-1'],
    ],
  ])('differ for %j and %j', ([sub1, key1], [sub2, key2]) => {
    expect(idempotentCommandId(sub1!, key1!)).not.toBe(idempotentCommandId(sub2!, key2!));
  });

  it('never look like an id stored before (`sub:key`) or one the engine mints', () => {
    const id = idempotentCommandId('urn', 'u:2970');
    expect(id).not.toContain(':');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
