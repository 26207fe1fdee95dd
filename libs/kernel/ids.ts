import { hash, randomUUID } from 'node:crypto';

/**
 * A fresh id whose first 48 bits are the time in milliseconds (the UUID version 7 layout, RFC 9562), the
 * rest random. Case and command ids are made this way so that ids minted close together in time sort
 * close together: the stream index, the event-id index and every read model keyed by case id then take
 * new rows on a few leaves at their right edge instead of one random leaf each. At 64 commands in flight
 * that cut the bytes a group commit writes by 2.7× (docs/performance.md). The time in a case id is its
 * creation time, which the case shows anyway.
 */
export function timeOrderedId(at: Date): string {
  const random = randomUUID();
  const ms = at.getTime();
  // An invalid date or one outside 48 bits gives a time of 0 rather than an id that is not a UUID.
  const time = (ms >= 0 && ms <= 0xffff_ffff_ffff ? ms : 0).toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

/**
 * A UUID (version 5 layout, SHA-1 based) derived from a name: the same name always gives the same id.
 * Event ids derive from command ids this way so a retried command carries the same event id and the
 * store (SQLite or EventStoreDB) de-duplicates it.
 */
export function uuidFromName(name: string): string {
  const bytes = hash('sha1', `aftersales-workflow-engine:${name}`, 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The command id of a request a caller sent with an `Idempotency-Key`: a digest of the (caller, key) pair
 * in the UUID version 8 layout. Keys are the caller's own, so the caller is part of the name, and the pair
 * is encoded as a JSON array so no choice of subject and key can spell another pair's name (joining them
 * with a separator let `urn:u` + `2970` and `urn` + `u:2970` collide). It can never equal an id stored
 * before this encoding (those were `sub:key`, always with a colon) nor the engine's own ids (version 7,
 * or the SLA sweeper's `sla-breach:…`).
 */
export function idempotentCommandId(callerId: string, key: string): string {
  const bytes = hash('sha256', JSON.stringify(['idempotency-key', callerId, key]), 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const TIME_ORDERED = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The id of the event a command appends to a stream: derived from both, so a retry carries the same id.
 * Its first 48 bits are time bits when there are any to keep, so the event-id index grows near its right
 * edge: the command id's when it is time-ordered (the engine's own, see `timeOrderedId`), else the case
 * id's at the end of the stream id (a command with a client's idempotency key on a case the engine opened:
 * its events then sit with that case's other events). Otherwise, as for every event stored before ids were
 * time-ordered, the whole id is name-derived.
 */
export function eventIdFor(streamId: string, commandId: string): string {
  const derived = uuidFromName(`${streamId}:${commandId}`);
  const caseId = streamId.slice(-36);
  const timed = TIME_ORDERED.test(commandId) ? commandId : TIME_ORDERED.test(caseId) ? caseId : undefined;
  return timed === undefined ? derived : `${timed.slice(0, 13)}-7${derived.slice(15)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
