import { REPORT_TOPICS, type ReportFacts } from '../../libs/kernel/index.js';
import { GoodwillEvents } from './events.js';

const TOPIC = REPORT_TOPICS.warrantyCost;

/**
 * What a goodwill application contributes to the warranty-cost report: its amount in a column of its own,
 * never in the claims' cost per vehicle (seed 003 「善意补偿款不计入区域单车索赔费用」); from v3 only the
 * direct cost lines are payable. A rejected application counts no amount; a resubmission with a new
 * amount (or new cost lines) replaces it.
 */
export const goodwillReportFacts: ReportFacts = {
  [GoodwillEvents.submitted]: (event) => [
    {
      topic: TOPIC,
      open: { at: event.occurredAt, dims: { vin: null, model: null } },
      set: { goodwillApplications: 1, goodwillCents: amount(event.data) ?? 0 },
    },
  ],
  [GoodwillEvents.resubmitted]: (event) => {
    const cents = amount(event.data);
    return cents === undefined ? [] : [{ topic: TOPIC, set: { goodwillCents: cents } }];
  },
  [GoodwillEvents.rejected]: () => [{ topic: TOPIC, set: { goodwillCents: 0 } }],
};

/**
 * The payable amount an application or resubmission names: `amountCents` (v1, v2), or from v3 the sum of
 * its direct cost lines (consequential lines are recorded, never paid); undefined when it names neither.
 */
function amount(data: Readonly<Record<string, unknown>>): number | undefined {
  if (typeof data.amountCents === 'number') return data.amountCents;
  if (!Array.isArray(data.costLines)) return undefined;
  return (data.costLines as unknown[]).reduce<number>((total, line) => {
    const { kind, amountCents } = (line ?? {}) as Record<string, unknown>;
    return kind === 'direct' && typeof amountCents === 'number' ? total + amountCents : total;
  }, 0);
}
