import type { CaseView } from '../api/types';
import type { I18n } from '../i18n/i18n';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function nested(data: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = data[key];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** One line that tells cases apart in a list: the amount for money, the VIN and what went wrong otherwise. */
export function caseSummary(view: Pick<CaseView, 'type' | 'data'>, i18n: Pick<I18n, 'money'>): string {
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
