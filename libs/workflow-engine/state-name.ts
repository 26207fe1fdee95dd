import type { StateValue } from 'xstate';

/** `{ open: 'routed' }` → `open.routed`; parallel regions are joined with commas. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) =>
      child === undefined || (typeof child === 'object' && Object.keys(child).length === 0)
        ? key
        : `${key}.${stateName(child)}`,
    )
    .join(',');
}
