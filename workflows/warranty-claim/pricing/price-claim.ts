import type { FieldError } from '../../../libs/kernel/index.js';
import { dateOf, isoDate } from '../eligibility/calendar-dates.js';
import { priceListInForce, priceListVersionOf, type PriceList, type PriceListSet } from './price-list.js';

/** One claimed line priced from the list: what the dealer claimed beside what the list pays for it. */
export interface PricedLine {
  /** The claim's line: `labour.<i>` or `parts.<i>`. */
  readonly line: string;
  /** The operation code or the part number. */
  readonly code: string;
  /** Standard hours (labour) or quantity (parts). */
  readonly quantity: number;
  /** Cents per hour (labour) or per part. */
  readonly unitCents: number;
  readonly pricedCents: number;
  readonly claimedCents: number;
}

/** The claim priced from the list in force on the service day, recorded on the opening (v4). */
export interface ClaimPricing {
  readonly priceListVersion: string;
  readonly currency: string;
  readonly labourRateCents: number;
  readonly lines: readonly PricedLine[];
  readonly labourCents: number;
  readonly partsCents: number;
  /** What the OEM pays at most: the list's price of the claimed work (「按系统设定的价格赔付」 [002]). */
  readonly totalCents: number;
}

interface ClaimedLabour {
  readonly operationCode: string;
  readonly claimedCents: number;
}
interface ClaimedPart {
  readonly partNo: string;
  readonly quantity: number;
  readonly claimedCents: number;
}

/** The priced lines, or the refusals: a code the list does not know, a line claimed above its price. */
export type PricingOutcome =
  | { readonly priced: ClaimPricing; readonly refusals: readonly [] }
  | { readonly priced?: undefined; readonly refusals: readonly FieldError[] };

function labourLine(list: PriceList, rate: number, claimed: ClaimedLabour, index: number) {
  const line = `labour.${index}`;
  const operation = list.operations[claimed.operationCode];
  if (operation === undefined)
    return {
      refusal: {
        field: `${line}.operationCode`,
        reason: `operation ${claimed.operationCode} (${line}) is not on the OEM price list ${priceListVersionOf(list)}`,
        code: 'not_on_price_list',
      },
    };
  // Tenths of an hour times cents per hour: exact in integers, rounded once to a cent.
  const pricedCents = Math.round((Math.round(operation.hours * 10) * rate) / 10);
  return {
    priced: {
      line,
      code: claimed.operationCode,
      quantity: operation.hours,
      unitCents: rate,
      pricedCents,
      claimedCents: claimed.claimedCents,
    },
  };
}

function partLine(list: PriceList, claimed: ClaimedPart, index: number) {
  const line = `parts.${index}`;
  const part = list.parts[claimed.partNo];
  if (part === undefined)
    return {
      refusal: {
        field: `${line}.partNo`,
        reason: `part ${claimed.partNo} (${line}) is not on the OEM price list ${priceListVersionOf(list)}`,
        code: 'not_on_price_list',
      },
    };
  return {
    priced: {
      line,
      code: claimed.partNo,
      quantity: claimed.quantity,
      unitCents: part.unitCents,
      pricedCents: part.unitCents * claimed.quantity,
      claimedCents: claimed.claimedCents,
    },
  };
}

function overPrice(priced: PricedLine, list: PriceList): FieldError {
  const what = priced.line.startsWith('labour') ? 'operation' : 'part';
  return {
    field: `${priced.line}.claimedCents`,
    reason: `${priced.line} (${what} ${priced.code}) claims ${priced.claimedCents} cents, above the ${priced.pricedCents} the OEM price list ${priceListVersionOf(list)} pays for it (${priced.quantity} × ${priced.unitCents})`,
    code: 'above_list_price',
    max: priced.pricedCents,
  };
}

/**
 * Seed 002 「长安福特…按系统设定的价格赔付给经销商」: every claimed line is priced from the OEM price list in force
 * on the day the service was completed — labour at the operation's standard hours times the region's hourly
 * rate, parts at the unit price times the quantity. A code the list does not know, or a line claimed above
 * the list, is refused naming the line; otherwise the priced amounts are what the OEM pays at most.
 */
export function priceClaim(
  set: PriceListSet,
  claim: {
    readonly serviceCompletedAt: string;
    readonly regionId?: string;
    readonly labour: readonly ClaimedLabour[];
    readonly parts: readonly ClaimedPart[];
  },
): PricingOutcome {
  const day = isoDate(dateOf(claim.serviceCompletedAt));
  const list = priceListInForce(set, day);
  if (list === undefined)
    return {
      refusals: [
        {
          field: 'serviceCompletedAt',
          reason: `no OEM price list is in force on ${day}: the first takes effect on ${set.lists[0]?.effectiveFrom ?? '(none)'}`,
          code: 'not_on_price_list',
        },
      ],
    };
  const rate =
    (claim.regionId === undefined ? undefined : list.labourRates.regions?.[claim.regionId]) ??
    list.labourRates.default;
  const outcomes = [
    ...claim.labour.map((line, index) => labourLine(list, rate, line, index)),
    ...claim.parts.map((line, index) => partLine(list, line, index)),
  ];
  const unknown = outcomes.flatMap((outcome) => (outcome.refusal ? [outcome.refusal] : []));
  const lines = outcomes.flatMap((outcome) => (outcome.priced ? [outcome.priced] : []));
  const refusals = [
    ...unknown,
    ...lines.filter((line) => line.claimedCents > line.pricedCents).map((line) => overPrice(line, list)),
  ];
  if (refusals.length > 0) return { refusals };
  const sum = (kind: string) =>
    lines.filter((line) => line.line.startsWith(kind)).reduce((total, line) => total + line.pricedCents, 0);
  const labourCents = sum('labour.');
  const partsCents = sum('parts.');
  return {
    priced: {
      priceListVersion: priceListVersionOf(list),
      currency: list.currency,
      labourRateCents: rate,
      lines,
      labourCents,
      partsCents,
      totalCents: labourCents + partsCents,
    },
    refusals: [],
  };
}
