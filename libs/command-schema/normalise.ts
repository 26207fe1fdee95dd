import { Transform } from 'class-transformer';

/**
 * What people type, in the one form the engine stores, before validation: a VIN in capitals without
 * spaces, a mainland mobile as its 11 digits (no +86, no spaces or dashes). One stored form means a
 * customer is found by the same phone or VIN however it was typed. Anything that still breaks the rule
 * after this is refused by the validator as before.
 */
export function normalisedVin(typed: string): string {
  return typed.replace(/[\s-]+/g, '').toUpperCase();
}

export function normalisedPhone(typed: string): string {
  const compact = typed.replace(/[\s()]+/g, '');
  const mobile = /^(?:\+?86)?-?(1[3-9]\d{9})$/.exec(compact.replace(/-/g, ''));
  return mobile === null ? compact : mobile[1]!;
}

const onStrings = (normalise: (typed: string) => string) =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalise(value) : value));

export const NormaliseVin = () => onStrings(normalisedVin);
export const NormalisePhone = () => onStrings(normalisedPhone);
