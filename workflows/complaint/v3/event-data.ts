// Unreleased: may change until v3 is registered; from then on it is frozen like v1 and v2.
/** A string field of an event's payload, or null: machines read payloads through this, never trusting types. */
export function textOf(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' ? value : null;
}
