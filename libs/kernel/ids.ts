import { hash, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
