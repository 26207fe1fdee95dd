import type { CaseView } from '../api/types.js';

/** What a summary needs of the language: amounts in its currency format. */
interface SaysMoney {
  readonly money: (cents: unknown, currency?: unknown) => string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function nested(data: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = data[key];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** One line that tells cases apart in a list: the amount for money, the VIN and what went wrong otherwise. */
export function caseSummary(view: Pick<CaseView, 'type' | 'data'>, i18n: SaysMoney): string {
  const data = view.data;
  const vin = text(nested(data, 'vehicle').vin);
  switch (view.type) {
    case 'goodwill':
      return [i18n.money(data.amountCents, data.currency), text(data.lossDescription)]
        .filter(Boolean)
        .join(' · ');
    case 'preferential-claim':
      return [
        typeof data.amountCents === 'number' ? i18n.money(data.amountCents) : undefined,
        vin,
        text(data.faultDescription),
      ]
        .filter(Boolean)
        .join(' · ');
    case 'warranty-claim':
      return [vin, text(data.fault) ?? text(nested(data, 'fault').description)].filter(Boolean).join(' · ');
    default:
      return [vin, text(data.description)].filter(Boolean).join(' · ');
  }
}

/** The customer a case is about, as the server shows it to the caller (masked for roles that may not see it). */
export function customerOf(view: Pick<CaseView, 'data'>): string | undefined {
  return text(nested(view.data, 'customer').name);
}

/** A major complaint (media, authority referral, safety or severity major) is marked in every list. */
export function isMajor(view: Pick<CaseView, 'data'>): boolean {
  return view.data.major === true || view.data.severity === 'major';
}
