/**
 * The OEM's price list (「按系统设定的价格赔付」 [002]): standard labour times per operation, the hourly labour
 * rate per region, and the price of each part. Kept as versioned data (`price-lists/*.json`, or
 * WARRANTY_PRICE_LIST_DIR), validated at start; each version is in force from its `effectiveFrom` day until
 * the next version's. Amounts are in cents of `currency`.
 */
export interface PriceList {
  readonly id: string;
  readonly version: number;
  /** First day (YYYY-MM-DD) the version prices a service completed on it. */
  readonly effectiveFrom: string;
  readonly currency: string;
  readonly source?: string;
  /** Cents per standard hour: `regions[regionId]` where given, else `default`. */
  readonly labourRates: { readonly default: number; readonly regions?: Readonly<Record<string, number>> };
  /** Operation code → standard hours (a multiple of 0.1 h). */
  readonly operations: Readonly<Record<string, { readonly hours: number; readonly text?: string }>>;
  /** Part number → unit price in cents. */
  readonly parts: Readonly<Record<string, { readonly unitCents: number; readonly text?: string }>>;
}

/** Every version of the price list, oldest first. */
export interface PriceListSet {
  readonly lists: readonly PriceList[];
}

/** How a price list version is named on events: `<id>@<version>`. */
export function priceListVersionOf(list: PriceList): string {
  return `${list.id}@${list.version}`;
}

/** The version in force on `day` (YYYY-MM-DD): the latest whose effectiveFrom is on or before it. */
export function priceListInForce(set: PriceListSet, day: string): PriceList | undefined {
  return [...set.lists].reverse().find((list) => list.effectiveFrom <= day);
}
