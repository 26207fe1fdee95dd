// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import {
  RefusedByRuleError,
  type FieldError,
  type ReferencedCaseSummary,
} from '../../../libs/kernel/index.js';
import { dateOf, instantOf } from '../../warranty-claim/eligibility/calendar-dates.js';
import { costLinesOf, sumOf } from './cost-lines.js';

/** The largest amount the engine takes (docs/approvals.md "Money"), pinned for this version's payable sum. */
const MAX_AMOUNT_CENTS = 10_000_000_000;

/**
 * Whether `a` is later than `b`. Two instants compare as instants; when either is a calendar day the two
 * compare as days in China (calendar-dates.ts), so a waiver signed "2026-03-01" is not after an advance
 * paid at 2026-03-01T15:00+08:00.
 */
export function isLater(a: string, b: string): boolean {
  const hasTime = (value: string) => value.includes('T');
  return hasTime(a) && hasTime(b) ? instantOf(a) > instantOf(b) : dateOf(a).getTime() > dateOf(b).getTime();
}

/**
 * 「善意补偿款是汽车生产企业为了处理重大客户投诉而提供的相关费用」 [003]: the complaint the application settles
 * must be major. The engine found it (same dealer, visible to the applicant) and summarized it.
 */
export function complaintProblems(complaint: ReferencedCaseSummary | undefined): FieldError[] {
  if (complaint?.major === true) return [];
  return [
    {
      field: 'complaintId',
      reason:
        'goodwill settles a major complaint only (rule goodwill-major-complaint: 「为了处理重大客户投诉」); this complaint is not major',
      code: 'complaint_not_major',
    },
  ];
}

/**
 * 「赔偿客户损失及诉讼等发生的直接费用,但不包括连带费用」 [003]: something must be payable, and the payable sum
 * stays within the largest amount the engine takes.
 */
export function costLineProblems(data: Record<string, unknown>): {
  invalid: FieldError[];
  refused: FieldError[];
} {
  const lines = costLinesOf(data) ?? [];
  const payable = sumOf(lines, 'direct');
  if (payable > MAX_AMOUNT_CENTS)
    return {
      invalid: [{ field: 'costLines', reason: `the direct costs add up to more than ${MAX_AMOUNT_CENTS}` }],
      refused: [],
    };
  if (payable === 0)
    return {
      invalid: [],
      refused: [
        {
          field: 'costLines',
          reason:
            'no direct cost: goodwill pays direct costs only, never consequential ones (rule goodwill-direct-costs-only: 「直接费用,但不包括连带费用」)',
          code: 'no_direct_cost',
        },
      ],
    };
  return { invalid: [], refused: [] };
}

interface Dated {
  readonly field: string;
  readonly value: string;
}

/**
 * The waiver and the emergency advance as the application states them, against the engine's clock
 * (`occurredAt`, the only time a workflow knows): nothing happened in the future (400 naming the field);
 * the OEM confirmed on site and the waiver was signed before the dealer advanced the money (「应急处理时,
 * 一般由汽车生产企业的技术团队现场确认后,由经销商…垫付」, 「经销商在垫付善意补偿款前与客户签订免责协议」 [003]).
 */
export function timelineProblems(
  data: Record<string, unknown>,
  occurredAt: string,
): { invalid: FieldError[]; refused: FieldError[] } {
  const waiver = (data.waiver ?? {}) as Record<string, unknown>;
  const advance = data.emergencyAdvance as Record<string, unknown> | undefined;
  const confirmation = (advance?.onSiteConfirmation ?? {}) as Record<string, unknown>;
  const signed: Dated = { field: 'waiver.signedAt', value: String(waiver.signedAt) };
  const paid: Dated | null =
    advance === undefined ? null : { field: 'emergencyAdvance.paidAt', value: String(advance.paidAt) };
  const confirmed: Dated | null =
    advance === undefined
      ? null
      : { field: 'emergencyAdvance.onSiteConfirmation.confirmedAt', value: String(confirmation.confirmedAt) };
  const dated = [signed, paid, confirmed].filter((entry): entry is Dated => entry !== null);
  const invalid = dated
    .filter((entry) => isLater(entry.value, occurredAt))
    .map((entry) => ({
      field: entry.field,
      reason: `${entry.value} is in the future (now is ${occurredAt})`,
      code: 'in_future',
    }));
  if (invalid.length > 0 || paid === null || confirmed === null) return { invalid, refused: [] };
  const refused: FieldError[] = [];
  if (isLater(signed.value, paid.value))
    refused.push({
      field: signed.field,
      reason: `the waiver was signed after the advance of ${paid.value}: it must be signed before the dealer pays (rule goodwill-waiver-before-advance: 「在垫付善意补偿款前与客户签订免责协议」)`,
      code: 'waiver_after_advance',
    });
  if (isLater(confirmed.value, paid.value))
    refused.push({
      field: confirmed.field,
      reason: `the OEM confirmed on site after the advance of ${paid.value}: the technical team confirms first (rule goodwill-on-site-confirmation-first: 「技术团队现场确认后…垫付」)`,
      code: 'confirmed_after_advance',
    });
  return { invalid, refused };
}

/** Bad input first (400), then what the seed's rules refuse (422), each problem naming its field. */
export function refuseProblems(invalid: readonly FieldError[], refused: readonly FieldError[]): FieldError[] {
  if (invalid.length > 0) return [...invalid];
  if (refused.length > 0)
    throw new RefusedByRuleError([...refused], refused.map((problem) => problem.reason).join('; '));
  return [];
}
