export type Granularity = 'weeks' | 'days';

export interface Period {
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The report windows, oldest first, in the user's time zone: 8 weeks or 14 days, the last one ending at
 * the end of today so deadlines due today are counted.
 */
export function compliancePeriods(granularity: Granularity, now: Date, language: string): Period[] {
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const days = granularity === 'weeks' ? 7 : 1;
  const count = granularity === 'weeks' ? 8 : 14;
  const format = new Intl.DateTimeFormat(language, { month: 'numeric', day: 'numeric' });
  return Array.from({ length: count }, (_, index) => {
    const to = new Date(end.getFullYear(), end.getMonth(), end.getDate() - (count - 1 - index) * days);
    const from = new Date(to.getFullYear(), to.getMonth(), to.getDate() - days);
    const lastDay = new Date(to.getFullYear(), to.getMonth(), to.getDate() - 1);
    return {
      label: days === 1 ? format.format(from) : `${format.format(from)}–${format.format(lastDay)}`,
      from: from.toISOString(),
      to: to.toISOString(),
    };
  });
}

/**
 * The whole span the charts cover. The totals table asks the report for exactly this span, so table and
 * charts share one definition (met ÷ (met + breached) of the deadlines due in the span) and agree.
 */
export function spanOf(periods: readonly Period[]): { from: string; to: string } {
  return { from: periods[0]!.from, to: periods[periods.length - 1]!.to };
}
