import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { PostgresEventStore, postgresPool } from '../../event-store/index.js';
import type { DeadlineRule, ReadScope } from '../../kernel/index.js';
import { PostgresProjectionRunner, ProjectionRunner } from '../../projections/index.js';
import {
  closeInOrder,
  startPostgres,
  ticketAnswerClock as answerClock,
  type PostgresDatabase,
} from '../../testing/index.js';
import { DEFAULT_BUSINESS_CALENDAR } from '../business-calendar.js';
import type { DeadlinePolicy } from '../deadline-policy.js';
import {
  deadlineCounts,
  deadlinesOfCase,
  dueDeadlines,
  listDeadlines,
  slaReport,
} from '../deadline-queries.js';
import type { DeadlineFilter, ReportGrouping } from '../deadline-statements.js';
import { DEADLINE_STATUS_FILTERS } from '../deadline-status.js';
import { DeadlineProjection } from '../deadline.projection.js';
import { PostgresDeadlineQueries } from './postgres-deadline-queries.js';
import { PostgresDeadlineProjection } from './postgres-deadline.projection.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL deadlines read model specs skipped: ${target.skip}`);

/** 8 working hours to repair workshop tickets, from the time the event names, on the dealer's calendar. */
const repairClock: DeadlineRule = {
  caseType: 'ticket',
  kind: 'repair',
  startOn: [
    { eventType: 'TicketRouted', when: { field: 'channel', in: ['workshop'] }, startAtField: 'since' },
  ],
  stopOn: ['TicketRepaired'],
  cancelOn: [],
  cancelInStates: ['closed'],
  duration: 'PT8H',
  warnAt: 0.5,
  calendar: 'business',
  accountableRole: 'technical_director',
  breachAction: 'record-breach',
  breachEvent: 'TicketDeadlineBreached',
  source: 'spec',
};

const policy: DeadlinePolicy = {
  version: 3,
  rules: [answerClock, repairClock],
  calendars: {
    default: DEFAULT_BUSINESS_CALENDAR,
    D002: { ...DEFAULT_BUSINESS_CALENDAR, opens: '10:00', closes: '16:00', workingDays: [1, 2, 3, 4, 5] },
  },
};

const DEALERS = [
  { dealerId: 'D001', regionId: 'R01' },
  { dealerId: 'D002', regionId: 'R02' },
  { dealerId: 'D003', regionId: 'R01' },
] as const;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-03-02T01:00:00.000Z');
const at = (ms: number) => new Date(START + ms).toISOString();

interface Step {
  readonly ms: number;
  readonly type: string;
  readonly data?: Record<string, unknown>;
  readonly toState?: string;
  readonly machineVersion?: number;
}

/**
 * Every path a clock takes, one per case: met, breached (charged to another role or not) then answered,
 * paused and resumed past its first due time, still paused, answered while paused (a pause of 7,200.5 s),
 * paused too late, cancelled by an event or by a state, restarted by an escalation, started on machine
 * version 2 by another event, a stale breach that changes nothing; workshop tickets run a business clock.
 */
function scenario(n: number): Step[] {
  const dealer = DEALERS[n % 3]!;
  const version = n % 5 === 4 ? 2 : 1;
  const workshop = n % 3 === 0;
  const steps: Step[] = [
    { ms: 0, type: 'TicketOpened', data: { ...dealer, channel: workshop ? 'workshop' : 'phone' } },
    {
      ms: 10 * MINUTE,
      type: 'TicketRouted',
      data: { channel: workshop ? 'workshop' : 'phone', since: at(n * 37 * MINUTE - HOUR) },
    },
  ];
  if (version === 2) steps.push({ ms: 40 * MINUTE, type: 'TicketOrderReceived' });
  const pause = (ms: number, reason = 'waiting_for_parts') =>
    steps.push({ ms, type: 'TicketClockPaused', data: { deadline: 'answer', reason } });
  switch (n % 8) {
    case 0:
      steps.push({ ms: 5 * HOUR, type: 'TicketAnswered' });
      if (n % 16 === 0)
        steps.push({ ms: 6 * HOUR, type: 'TicketEscalated', data: { escalatesTo: 'oem_claims' } });
      break;
    case 1:
      steps.push({
        ms: 20 * HOUR,
        type: 'TicketDeadlineBreached',
        data: { kind: 'answer', dueAt: at(-HOUR) },
      });
      steps.push({
        ms: 25 * HOUR,
        type: 'TicketDeadlineBreached',
        data: { kind: 'answer', chargedTo: n % 2 === 1 ? 'oem_claims' : '' },
      });
      steps.push({ ms: 30 * HOUR, type: 'TicketAnswered' });
      break;
    case 2:
      pause(3 * HOUR);
      steps.push({ ms: 27 * HOUR, type: 'TicketClockResumed', data: { deadline: 'answer' } });
      steps.push({ ms: 40 * HOUR, type: 'TicketAnswered' });
      break;
    case 3:
      pause(20 * HOUR + 700, 'customer_unreachable');
      break;
    case 4:
      pause(2 * HOUR + 500);
      steps.push({ ms: 4 * HOUR + 1000, type: 'TicketAnswered' });
      break;
    case 5:
      pause(26 * HOUR);
      steps.push({ ms: 28 * HOUR, type: 'TicketRepaired' });
      break;
    case 6:
      steps.push({ ms: 2 * HOUR, type: 'TicketClosed', toState: 'closed' });
      break;
    case 7:
      steps.push({ ms: 3 * HOUR, type: 'TicketNoted', toState: 'closed' });
      break;
  }
  return steps.map((step) => ({ ...step, machineVersion: version }));
}

const CASES = 40;
const NOWS = [at(12 * HOUR), at(30 * HOUR), at(60 * HOUR), at(200 * HOUR)];
const scopes: Record<string, ReadScope | undefined> = {
  'no scope': undefined,
  'every owner': { kind: 'all' },
  'one dealer': { kind: 'owners', dealerId: 'D002' },
  'one region': { kind: 'owners', regionId: 'R01' },
  'a dealer or a region': { kind: 'owners', dealerId: 'D002', regionId: 'R01' },
  'no owner at all': { kind: 'owners' },
};
const filters: Record<string, Omit<DeadlineFilter, 'now' | 'limit'>> = {
  every: {},
  ...Object.fromEntries(DEADLINE_STATUS_FILTERS.map((status) => [`status ${status}`, { status }])),
  'one kind': { kind: 'repair' },
  'one case type': { caseType: 'ticket' },
  'another case type': { caseType: 'errand' },
  'one case': { caseId: 'T-16' },
  'one dealer': { dealerId: 'D003' },
  'due before an instant': { dueBefore: at(26 * HOUR) },
  'pending in a region': { status: 'pending', scope: { kind: 'owners', regionId: 'R01' } },
  'a dealer scope': { scope: { kind: 'owners', dealerId: 'D001' } },
};

describeWithServer('the deadlines read model in PostgreSQL answers what the SQLite one answers', () => {
  const database = target as PostgresDatabase;
  let store: PostgresEventStore;
  let sqlite: Database.Database;
  let runner: PostgresProjectionRunner;
  let pool: pg.Pool;
  let postgres: PostgresDeadlineQueries;
  const caseIds = Array.from({ length: CASES }, (_, n) => `T-${n}`);

  beforeAll(async () => {
    store = await PostgresEventStore.open({ connectionString: database.url });
    // Given 40 tickets opened 37 minutes apart, each taking one of the paths above, their events
    // interleaved in the log by time.
    const log = caseIds.flatMap((caseId, n) =>
      scenario(n).map((step) => ({ caseId, ...step, ms: step.ms + n * 37 * MINUTE + (n % 7) })),
    );
    log.sort((a, b) => a.ms - b.ms);
    for (const step of log) {
      await store.append(
        `ticket-${step.caseId}`,
        [
          {
            eventId: `${step.caseId}-${step.type}-${step.ms}`,
            type: step.type,
            data: step.data ?? {},
            metadata: {
              caseType: 'ticket',
              caseId: step.caseId,
              machineVersion: step.machineVersion,
              occurredAt: at(step.ms),
              toState: step.toState ?? 'open',
            },
          },
        ],
        'any',
      );
    }
    // The SQLite read model applies the log as a node does; PostgreSQL's in batches of 7.
    sqlite = new Database(':memory:');
    await new ProjectionRunner(store, sqlite, [new DeadlineProjection(policy)]).catchUp();
    runner = await PostgresProjectionRunner.open(store, [new PostgresDeadlineProjection(policy)], {
      connectionString: database.url,
      batchSize: 7,
    });
    await runner.catchUp();
    pool = postgresPool({ connectionString: database.url, max: 2 });
    postgres = new PostgresDeadlineQueries(pool);
  }, 60_000);
  afterAll(() => closeInOrder(runner, pool, store, sqlite, database));

  it('then every row is the same, column by column', async () => {
    const { rows } = await pool.query('SELECT * FROM sla_deadlines ORDER BY id');
    const expected = sqlite.prepare('SELECT * FROM sla_deadlines ORDER BY id').all();
    expect(
      rows.map((row: Record<string, unknown>) => ({
        ...row,
        id: Number(row.id),
        paused_seconds: Number(row.paused_seconds),
      })),
    ).toEqual(expected);
  });

  it.each(NOWS)('when reading each case at %s, live and as of then, then the same deadlines', async (now) => {
    for (const caseId of caseIds) {
      for (const asOf of [false, true]) {
        expect(await postgres.ofCase(caseId, now, asOf)).toEqual(deadlinesOfCase(sqlite, caseId, now, asOf));
      }
    }
  });

  it.each(Object.entries(filters))(
    'when listing %s, then the same pages, three at a time',
    async (_, filter) => {
      for (const now of NOWS) {
        let after: number | undefined;
        do {
          const query = { ...filter, now, limit: 3, ...(after !== undefined ? { after } : {}) };
          const expected = listDeadlines(sqlite, query);
          expect(await postgres.list(query)).toEqual(expected);
          after = expected.next ?? undefined;
        } while (after !== undefined);
      }
    },
  );

  describe.each(['dealer', 'kind', 'role'] as ReportGrouping[])('the SLA report by %s', (groupBy) => {
    it.each(Object.entries(scopes))(
      'when scoped to %s, then the same groups at every instant and span',
      async (_, scope) => {
        for (const now of NOWS) {
          for (const span of [
            {},
            { from: at(20 * HOUR) },
            { to: at(30 * HOUR) },
            { from: at(24 * HOUR), to: at(40 * HOUR) },
          ]) {
            const options = { ...span, groupBy, now, ...(scope !== undefined ? { scope } : {}) };
            expect(await postgres.report(options)).toEqual(slaReport(sqlite, options));
          }
        }
      },
    );
  });

  it('when counting by status and reading the due deadlines, then the same numbers and rows', async () => {
    for (const now of [at(0), ...NOWS]) {
      expect(await postgres.countsByStatus(now)).toEqual(deadlineCounts(sqlite, now));
      for (const limit of [2, 500]) {
        expect(await postgres.due(now, limit)).toEqual(dueDeadlines(sqlite, now, limit));
      }
    }
  });

  it('and the answers say something: every status occurs, pauses are counted, something is due', async () => {
    const statuses = (await postgres.list({ now: NOWS[0]!, limit: 1000 })).rows.map((row) => row.status);
    expect(new Set(statuses)).toEqual(new Set(['pending', 'paused', 'met', 'breached', 'cancelled']));
    const report = await postgres.report({ groupBy: 'kind', now: NOWS[2]! });
    expect(report.find((group) => group.group === 'answer')).toMatchObject({
      met: expect.any(Number),
      breached: expect.any(Number),
      paused: expect.any(Number),
    });
    expect(report.find((group) => group.group === 'answer')!.pausedSeconds).toBeGreaterThan(0);
    expect(await postgres.due(NOWS[3]!, 500)).not.toHaveLength(0);
    expect((await postgres.ofCase('T-4', NOWS[3]!, false))[0]).toMatchObject({
      status: 'met',
      pausedSeconds: 7201,
    });
  });
});
