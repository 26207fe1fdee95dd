import { describe, expect, it } from '@jest/globals';
import type { ReportedEvent } from '../../libs/kernel/index.js';
import { GoodwillEvents } from './events.js';
import { goodwillReportFacts } from './report-facts.js';

const submitted = (data: Record<string, unknown>): ReportedEvent => ({
  type: GoodwillEvents.submitted,
  data,
  caseId: 'a1b2c3d4-0000-4000-8000-000000000001',
  eventId: 'a1b2c3d4-0000-4000-8000-000000000002',
  occurredAt: '2026-03-02T09:00:00.000Z',
  fromState: '(none)',
  toState: 'awaiting_waiver_confirmation',
});

/** Seed 003: 「善意补偿款不计入区域单车索赔费用」, and 「赔偿…直接费用,但不包括连带费用」. */
describe('what a goodwill application adds to the warranty-cost report', () => {
  it('given a v3 application, counts the sum of its direct lines, never the consequential ones', () => {
    const facts = goodwillReportFacts[GoodwillEvents.submitted]!(
      submitted({
        costLines: [
          { kind: 'direct', description: 'towing', amountCents: 300_000 },
          { kind: 'direct', description: 'rental car', amountCents: 1_200_000 },
          { kind: 'consequential', description: 'lost business', amountCents: 500_000 },
        ],
      }),
    );
    expect(facts).toEqual([
      expect.objectContaining({ set: { goodwillApplications: 1, goodwillCents: 1_500_000 } }),
    ]);
  });

  it('given a v1 or v2 application, counts the amount it states', () => {
    const facts = goodwillReportFacts[GoodwillEvents.submitted]!(submitted({ amountCents: 800_000 }));
    expect(facts).toEqual([
      expect.objectContaining({ set: { goodwillApplications: 1, goodwillCents: 800_000 } }),
    ]);
  });
});
