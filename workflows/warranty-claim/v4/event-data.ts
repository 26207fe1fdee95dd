// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
/** A string field of an event's payload, or null: machines read payloads through this, never trusting types. */
export function textOf(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' ? value : null;
}
