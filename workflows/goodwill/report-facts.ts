import { REPORT_TOPICS, type ReportFacts } from '../../libs/kernel/index.js';
import { GoodwillEvents } from './events.js';
import { costLinesOf, sumOf } from './v3/cost-lines.js';

const TOPIC = REPORT_TOPICS.warrantyCost;

/**
 * What a goodwill application contributes to the warranty-cost report: its amount in a column of its own,
 * never in the claims' cost per vehicle (seed 003 「善意补偿款不计入区域单车索赔费用」). A rejected
 * application counts no amount; a resubmission with a new amount replaces it.
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

/** The amount applied for: v1 and v2 state it; from v3 it is the sum of the direct cost lines (seed 003). */
function amount(data: Readonly<Record<string, unknown>>): number | undefined {
  const lines = costLinesOf(data);
  if (lines !== null) return sumOf(lines, 'direct');
  return typeof data.amountCents === 'number' ? data.amountCents : undefined;
}
