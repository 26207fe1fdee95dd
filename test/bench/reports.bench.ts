import Database from 'better-sqlite3';
import type { EventMetadata, RecordedEvent } from '../../libs/kernel/index.js';
import {
  REPORT_DEFINITIONS,
  ReportsProjection,
  reportFactsOf,
  runReport,
  type ReportQuery,
} from '../../libs/reports/index.js';
import { loadRegisteredWorkflows } from '../../workflows/registered-workflows.js';
import { percentile, type Row } from './bench-row.js';

/** Events the reports are built from; `BENCH_REPORT_EVENTS` makes a quicker run (the target is 1M). */
const EVENTS = Number(process.env.BENCH_REPORT_EVENTS ?? 1_000_000);
const DEALERS = 50;
const DAYS = 365;
const QUERIES_PER_REPORT = 200;
const START = Date.parse('2025-03-01T00:00:00.000Z');
const DAY_MS = 86_400_000;
const LEVELS = ['very_satisfied', 'satisfied', 'fairly_satisfied', 'neutral', 'dissatisfied'];

/**
 * The reports against a year of after-sales work for 50 dealers in 10 regions: `EVENTS` events through
 * the reports projection (follow-up calls scheduled, attempted, completed or missed; complaints received
 * and closed; warranty claims opened and approved; goodwill applications), then each report queried
 * `QUERIES_PER_REPORT` times in turn — the whole year, one month, one dealer's scope — and its p99. A
 * report reads the day cells of its topic, so its cost follows days × dealers × groups, not the events.
 */
export async function benchReports(): Promise<Row[]> {
  const db = new Database(':memory:');
  const projection = new ReportsProjection(reportFactsOf(loadRegisteredWorkflows({})));
  projection.setup(db);
  let position = 0;
  const event = (
    caseType: string,
    caseId: string,
    revision: number,
    type: string,
    at: number,
    data: Record<string, unknown>,
    states: [string, string] = ['x', 'y'],
  ): RecordedEvent => {
    position += 1;
    const occurredAt = new Date(at).toISOString();
    return {
      eventId: `e${position}`,
      streamId: `${caseType}-${caseId}`,
      revision,
      position,
      type,
      data,
      recordedAt: occurredAt,
      metadata: {
        caseType,
        caseId,
        occurredAt,
        fromState: states[0],
        toState: states[1],
      } as unknown as EventMetadata as unknown as Record<string, unknown>,
    };
  };
  /** One case's events, about four of them, chosen by its number. */
  const caseEvents = (index: number): RecordedEvent[] => {
    const dealer = index % DEALERS;
    const owner = { dealerId: `D${String(dealer).padStart(3, '0')}`, regionId: `R${dealer % 10}` };
    const at = START + (index % DAYS) * DAY_MS + (index % 600) * 60_000;
    const id = `c${index}`;
    const vin = `LSVAU2180N${String(index % 50_000).padStart(7, '0')}`;
    switch (index % 4) {
      case 0:
      case 1: {
        const windowEndsAt = new Date(at + 7 * DAY_MS).toISOString();
        const trigger = index % 20 === 1 ? 'customer_lost' : 'repair_completed';
        const events = [
          event(
            'follow-up',
            id,
            0,
            'FollowUpScheduled',
            at,
            { ...owner, triggerKind: trigger, windowEndsAt },
            ['none', 'scheduled'],
          ),
          event('follow-up', id, 1, 'FollowUpAttemptRecorded', at + 4 * DAY_MS, { outcome: 'reached' }, [
            'scheduled',
            'reached',
          ]),
        ];
        if (index % 8 === 0)
          events.push(
            event('follow-up', id, 2, 'FollowUpWindowMissed', at + 7 * DAY_MS, {}, ['reached', 'missed']),
          );
        events.push(
          event(
            'follow-up',
            id,
            events.length,
            'FollowUpCompleted',
            at + 5 * DAY_MS,
            { satisfaction: LEVELS[index % LEVELS.length] },
            [index % 8 === 0 ? 'missed' : 'reached', 'completed'],
          ),
        );
        return events;
      }
      case 2:
        return [
          event('complaint', id, 0, 'ComplaintReceived', at, {
            ...owner,
            category: ['delay', 'repair_price', 'service_attitude'][index % 3],
            channel: ['phone', 'walk_in'][index % 2],
            vehicle: { vin },
          }),
          event('complaint', id, 1, 'ComplaintFollowUpRecorded', at + 3 * DAY_MS, {
            satisfaction: LEVELS[index % LEVELS.length],
          }),
          event('complaint', id, 2, 'ComplaintClosed', at + 4 * DAY_MS, {}),
        ];
      default:
        return index % 12 === 3
          ? [
              event('goodwill', id, 0, 'GoodwillApplicationSubmitted', at, {
                ...owner,
                amountCents: 500_000,
              }),
              event('goodwill', id, 1, 'GoodwillWaiverConfirmed', at + DAY_MS, {}),
            ]
          : [
              event('warranty-claim', id, 0, 'WarrantyClaimOpened', at, {
                ...owner,
                vehicle: { vin, model: ['Lavida', 'Sagitar', 'Tiguan'][index % 3] },
                laborCents: 60_000,
                partsCents: 240_000,
              }),
              event('warranty-claim', id, 1, 'WarrantyClaimApproved', at + 2 * DAY_MS, {
                approvedCents: 280_000,
              }),
              event('warranty-claim', id, 2, 'WarrantyClaimCallbackRecorded', at + 9 * DAY_MS, {
                satisfaction: LEVELS[index % LEVELS.length],
              }),
            ];
    }
  };

  const started = performance.now();
  let cases = 0;
  let batch: RecordedEvent[] = [];
  // In pages, as the projection runner feeds it: one transaction and one applyBatch per page.
  const flush = db.transaction((events: RecordedEvent[]) => projection.applyBatch(db, events));
  while (position < EVENTS) {
    batch.push(...caseEvents(cases));
    cases += 1;
    if (batch.length >= 5_000) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  const projectSeconds = (performance.now() - started) / 1000;
  const cells = (db.prepare('SELECT COUNT(*) AS n FROM reports_cells').get() as { n: number }).n;

  const queries: ReportQuery[] = [
    { scope: { kind: 'all' } },
    { scope: { kind: 'all' }, from: '2025-06-01', to: '2025-06-30' },
    { scope: { kind: 'owners', dealerId: 'D007', regionId: 'R7' } },
    { scope: { kind: 'owners', regionId: 'R3' }, from: '2025-04-01', to: '2025-09-30' },
  ];
  const rows: Row[] = [
    {
      name: `reports projection, ${EVENTS.toLocaleString('en-US')} events`,
      value: position / projectSeconds,
      unit: 'events/s',
      note: `in memory, pages of 5,000, ${cases.toLocaleString('en-US')} cases, ${cells.toLocaleString('en-US')} day cells`,
    },
  ];
  const all: number[] = [];
  for (const definition of REPORT_DEFINITIONS) {
    const times: number[] = [];
    for (let round = 0; round < QUERIES_PER_REPORT; round++) {
      const query = queries[round % queries.length]!;
      const queryStarted = performance.now();
      const result = runReport(db, definition, {
        ...query,
        groupBy: definition.groupings[round % definition.groupings.length]!,
      });
      times.push(performance.now() - queryStarted);
      // A report of nothing measures nothing: the facts did not reach the cells.
      if (round === 0 && result.rows.length === 0) throw new Error(`${definition.name}: no rows`);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    rows.push({
      name: `report ${definition.name} p99`,
      value: percentile(times, 99),
      unit: 'ms',
      note: `p50 ${percentile(times, 50).toFixed(2)} ms over ${QUERIES_PER_REPORT} queries (year, month, dealer, region; every grouping)`,
    });
  }
  all.sort((a, b) => a - b);
  rows.push({
    name: `every report p99, ${EVENTS.toLocaleString('en-US')} events`,
    value: percentile(all, 99),
    unit: 'ms',
    note: 'target ≤ 50 ms with 1M events (issue #25)',
  });
  db.close();
  return rows;
}
