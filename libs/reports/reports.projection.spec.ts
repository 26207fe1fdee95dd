import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type { RecordedEvent, ReportFacts } from '../kernel/index.js';
import { reportDayOf } from './report-day.js';
import type { ReportDefinition } from './report-definitions.js';
import { reportCsv } from './report-formats.js';
import { compareText, runReport } from './report-query.js';
import { ReportsProjection } from './reports.projection.js';

// A workflow of this spec's own: a visit is opened for a dealer, may be repeated for the same plate within
// 30 days, is finished (time to finish) and may be reopened (its finish no longer counts).
const facts: ReportFacts = {
  VisitOpened: (event) => [
    {
      topic: 'visits',
      open: {
        at: event.occurredAt,
        dims: { kind: String(event.data.kind), plate: String(event.data.plate) },
        repeatOf: { key: String(event.data.plate), withinDays: 30 },
      },
      set: { opened: 1 },
    },
  ],
  VisitFinished: () => [{ topic: 'visits', set: { finished: 1 }, elapsed: ['seconds'] }],
  VisitReopened: () => [{ topic: 'visits', set: { finished: 0, seconds: 0 } }],
  VisitNoted: () => [{ topic: 'never-opened', set: { noted: 1 } }],
};

const visits: ReportDefinition = {
  name: 'visits',
  zh: '来访',
  en: 'Visits',
  topic: 'visits',
  period: 'month',
  groupings: ['dealer', 'kind', 'all'],
  defaultGroupBy: 'dealer',
  chart: ['opened'],
  columns: [
    { id: 'opened', zh: '来访', en: 'opened' },
    { id: 'finished', zh: '完成', en: 'finished' },
    { id: 'hours', zh: '小时', en: 'hours' },
    { id: 'repeat', zh: '重复', en: 'repeat' },
  ],
  values: (sums) => ({
    opened: sums.opened ?? 0,
    finished: sums.finished ?? 0,
    hours: (sums.seconds ?? 0) / 3600,
    repeat: sums.repeat ?? 0,
  }),
};

/** The visits with the plate as their detail dimension, counted distinct, as the warranty cost counts vehicles. */
const plates: ReportDefinition = {
  ...visits,
  name: 'plates',
  groupings: ['all', 'kind', 'plate'],
  distinct: { id: 'plates', dim: 'plate', when: 'opened' },
  columns: [
    { id: 'opened', zh: '来访', en: 'opened' },
    { id: 'plates', zh: '车辆数', en: 'plates' },
  ],
  values: (sums, distinct) => ({ opened: sums.opened ?? 0, plates: distinct }),
};

let position = 0;
function event(
  caseId: string,
  revision: number,
  type: string,
  occurredAt: string,
  data: Record<string, unknown> = {},
): RecordedEvent {
  position += 1;
  return {
    eventId: `e${position}`,
    streamId: `visit-${caseId}`,
    revision,
    position,
    type,
    data,
    metadata: { caseType: 'visit', caseId, occurredAt, fromState: 'a', toState: 'b' },
    recordedAt: occurredAt,
  };
}

function projected(events: RecordedEvent[]): Database.Database {
  const db = new Database(':memory:');
  const projection = new ReportsProjection(new Map([['visit', facts]]), new Map([['visits', 'plate']]));
  projection.setup(db);
  for (const recorded of events) projection.apply(db, recorded);
  return db;
}

const opened = (caseId: string, at: string, dealerId: string, plate: string, kind = 'repair') =>
  event(caseId, 0, 'VisitOpened', at, { dealerId, regionId: 'R1', plate, kind });

describe('the reports projection', () => {
  it('files a day in China time: 23:30 local on 3 March is 15:30 UTC', () => {
    expect(reportDayOf('2026-03-03T15:30:00Z')).toBe('2026-03-03');
    expect(reportDayOf('2026-03-03T16:30:00Z')).toBe('2026-03-04');
  });

  it('sums rows per month and group, with the time since opening and repeats within the window', () => {
    const db = projected([
      opened('v1', '2026-03-01T01:00:00Z', 'D1', 'P-1'),
      opened('v2', '2026-03-20T01:00:00Z', 'D1', 'P-1'), // 19 days after v1: a repeat
      opened('v3', '2026-04-25T01:00:00Z', 'D1', 'P-1'), // 36 days after v2: not one
      opened('v4', '2026-03-02T01:00:00Z', 'D2', 'P-2', 'upgrade'),
      event('v1', 1, 'VisitFinished', '2026-03-01T03:00:00Z'), // 2 h
      event('v2', 1, 'VisitFinished', '2026-03-20T07:00:00Z'), // 6 h
      event('v2', 2, 'VisitReopened', '2026-03-21T00:00:00Z'),
      event('v2', 3, 'VisitFinished', '2026-03-20T05:00:00Z'), // 4 h: last finish counts
      event('v4', 1, 'VisitNoted', '2026-03-02T02:00:00Z'), // a topic it never opened: ignored
    ]);
    const report = runReport(db, visits, { scope: { kind: 'all' } });
    expect(report.rows).toEqual([
      { month: '2026-03', dealer: 'D1', opened: 2, finished: 2, hours: 6, repeat: 1 },
      { month: '2026-03', dealer: 'D2', opened: 1, finished: 0, hours: 0, repeat: 0 },
      { month: '2026-04', dealer: 'D1', opened: 1, finished: 0, hours: 0, repeat: 0 },
    ]);
    expect(runReport(db, visits, { scope: { kind: 'all' }, groupBy: 'kind', to: '2026-03-31' }).rows).toEqual(
      [
        { month: '2026-03', kind: 'repair', opened: 2, finished: 2, hours: 6, repeat: 1 },
        { month: '2026-03', kind: 'upgrade', opened: 1, finished: 0, hours: 0, repeat: 0 },
      ],
    );
  });

  it('shows a reader only the rows of their dealer or region, and narrows to the dealer asked for', () => {
    const db = projected([
      opened('v1', '2026-03-01T01:00:00Z', 'D1', 'P-1'),
      opened('v2', '2026-03-02T01:00:00Z', 'D2', 'P-2'),
    ]);
    const dealerOnly = runReport(db, visits, { scope: { kind: 'owners', dealerId: 'D2' }, groupBy: 'all' });
    expect(dealerOnly.rows).toEqual([
      { month: '2026-03', all: 'all', opened: 1, finished: 0, hours: 0, repeat: 0 },
    ]);
    const asked = runReport(db, visits, { scope: { kind: 'all' }, dealerId: 'D1', groupBy: 'all' });
    expect(asked.rows).toEqual([
      { month: '2026-03', all: 'all', opened: 1, finished: 0, hours: 0, repeat: 0 },
    ]);
    expect(runReport(db, visits, { scope: { kind: 'owners' }, groupBy: 'all' }).rows).toEqual([]);
  });

  it('keeps the vehicles in the cell detail: counted once per group, one row each when grouped by them', () => {
    const db = projected([
      opened('v1', '2026-03-01T01:00:00Z', 'D1', 'P-1'),
      opened('v2', '2026-03-20T01:00:00Z', 'D1', 'P-1', 'upgrade'),
      opened('v3', '2026-04-25T01:00:00Z', 'D1', 'P-2'),
      opened('v4', '2026-03-02T01:00:00Z', 'D2', 'P-3'),
    ]);
    // The plate is the visits' detail: cells are keyed by kind alone, the plates are in their detail.
    const keys = db
      .prepare("SELECT period, dealer_id, dims FROM reports_month_cells WHERE topic = 'visits'")
      .raw()
      .all();
    expect(keys).toEqual([
      ['2026-03', 'D1', '{"kind":"repair"}'],
      ['2026-03', 'D1', '{"kind":"upgrade"}'],
      ['2026-03', 'D2', '{"kind":"repair"}'],
      ['2026-04', 'D1', '{"kind":"repair"}'],
    ]);
    const byKind = runReport(db, plates, { scope: { kind: 'all' }, groupBy: 'kind' });
    expect(byKind.rows).toEqual([
      { month: '2026-03', kind: 'repair', opened: 2, plates: 2 },
      { month: '2026-03', kind: 'upgrade', opened: 1, plates: 1 },
      { month: '2026-04', kind: 'repair', opened: 1, plates: 1 },
    ]);
    expect(runReport(db, plates, { scope: { kind: 'all' }, groupBy: 'all' }).rows).toEqual([
      { month: '2026-03', all: 'all', opened: 3, plates: 2 },
      { month: '2026-04', all: 'all', opened: 1, plates: 1 },
    ]);
    // A span with a ragged edge reads its whole months from the month cells and the rest from the days.
    const byPlate = runReport(db, plates, { scope: { kind: 'all' }, groupBy: 'plate', from: '2026-03-02' });
    expect(byPlate.rows).toEqual([
      { month: '2026-03', plate: 'P-1', opened: 1, plates: 1 },
      { month: '2026-03', plate: 'P-3', opened: 1, plates: 1 },
      { month: '2026-04', plate: 'P-2', opened: 1, plates: 1 },
    ]);
  });

  it('orders keys of digits, hyphens and letters of one case by code unit exactly as localeCompare does', () => {
    const alphabets = ['-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', '-0123456789abcdefghijklmnopqrstuvwxyz'];
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (let round = 0; round < 5_000; round++) {
      const alphabet = alphabets[round % 2]!;
      const text = () =>
        Array.from({ length: 1 + (next() % 8) }, () => alphabet[next() % alphabet.length]).join('');
      const [a, b] = [text(), text()];
      expect([a, b, Math.sign(compareText(a, b, true))]).toEqual([a, b, Math.sign(a.localeCompare(b))]);
    }
  });

  it('writes CSV with a byte order mark, Chinese labels and neutralised formulas', () => {
    const db = projected([opened('v1', '2026-03-01T01:00:00Z', '=HYPERLINK("x")', 'P-1')]);
    const csv = reportCsv(runReport(db, visits, { scope: { kind: 'all' } }));
    expect(csv).toBe('\uFEFF月份,经销商,来访,完成,小时,重复\r\n2026-03,"\'=HYPERLINK(""x"")",1,0,0,0\r\n');
  });
});
