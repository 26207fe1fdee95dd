import { beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '../kernel/index.js';
import { ticketAnswerClock as answerClock } from '../testing/index.js';
import { deadlinesOfCase, slaReport } from './deadline-queries.js';
import { deadlinePolicyOf } from './deadline-policy.js';
import { DeadlineProjection } from './deadline.projection.js';

const HOUR = 3600_000;
const START = Date.parse('2026-03-02T09:00:00.000Z');
const hoursIn = (hours: number) => new Date(START + hours * HOUR).toISOString();

describe('Pausing and resuming a clock (deadline projection, given events then clock state)', () => {
  let db: Database.Database;
  let projection: DeadlineProjection;
  let revision: number;

  beforeEach(() => {
    db = new Database(':memory:');
    projection = new DeadlineProjection(deadlinePolicyOf([{ deadlines: [answerClock] }]));
    projection.setup(db);
    revision = 0;
  });

  /** Records one event of case T-1 (machine version `version`) `hours` after the start. */
  function given(type: string, hours: number, data: Record<string, unknown> = {}, version = 1): void {
    const event: RecordedEvent = {
      eventId: `e${revision}`,
      streamId: 'ticket-T-1',
      revision,
      position: revision + 1,
      type,
      data: revision === 0 ? { dealerId: 'D001', regionId: 'R01', ...data } : data,
      metadata: {
        caseType: 'ticket',
        caseId: 'T-1',
        machineVersion: version,
        occurredAt: hoursIn(hours),
        toState: 'open',
      },
      recordedAt: hoursIn(hours),
    };
    revision += 1;
    projection.apply(db, event);
  }
  const clockAt = (hours: number, asOf = false) => deadlinesOfCase(db, 'T-1', hoursIn(hours), asOf)[0];

  it('a 2-day pause for parts recorded in time does not breach the 24 h clock: due moves by the pause', () => {
    given('TicketOpened', 0);
    given('TicketRouted', 0);
    given('TicketClockPaused', 20, { deadline: 'answer', reason: 'waiting_for_parts' });

    expect(clockAt(30)).toMatchObject({
      status: 'paused',
      pauseReason: 'waiting_for_parts',
      pausedSeconds: 10 * 3600,
      overdue: false,
      dueAt: hoursIn(24),
    });
    given('TicketClockResumed', 68, { deadline: 'answer' });
    expect(clockAt(70)).toMatchObject({
      status: 'pending',
      pauseReason: null,
      pausedSeconds: 48 * 3600,
      dueAt: hoursIn(72),
      warnAt: new Date(START + 0.8 * 24 * HOUR + 48 * HOUR).toISOString(),
      overdue: false,
    });
    given('TicketAnswered', 71);
    expect(clockAt(80)).toMatchObject({ status: 'met', stoppedAt: hoursIn(71), pausedSeconds: 48 * 3600 });
  });

  it('a paused clock is never due: the breach the sweeper would record finds nothing to breach', () => {
    given('TicketOpened', 0);
    given('TicketRouted', 0);
    given('TicketClockPaused', 2, { deadline: 'answer', reason: 'waiting_for_customer' });
    given('TicketDeadlineBreached', 30, { kind: 'answer', dueAt: hoursIn(24) });

    expect(clockAt(30)).toMatchObject({ status: 'paused', pausedSeconds: 28 * 3600 });
  });

  it('a pause recorded after the due time does not undo the breach', () => {
    given('TicketOpened', 0);
    given('TicketRouted', 0);
    given('TicketClockPaused', 25, { deadline: 'answer', reason: 'waiting_for_parts' });
    expect(clockAt(25)).toMatchObject({ status: 'pending', overdue: true, pausedSeconds: 0 });

    given('TicketDeadlineBreached', 25.5, { kind: 'answer', dueAt: hoursIn(24) });
    given('TicketClockResumed', 40, { deadline: 'answer' });
    expect(clockAt(41)).toMatchObject({ status: 'breached', dueAt: hoursIn(24), pausedSeconds: 0 });
  });

  it('a pause naming another clock, or a resume of a clock that runs, changes nothing', () => {
    given('TicketOpened', 0);
    given('TicketRouted', 0);
    given('TicketClockPaused', 1, { deadline: 'follow-up', reason: 'waiting_for_parts' });
    given('TicketClockResumed', 2, { deadline: 'answer' });

    expect(clockAt(3)).toMatchObject({ status: 'pending', dueAt: hoursIn(24), pausedSeconds: 0 });
  });

  it('a clock stopped while paused is met, and the running pause counts up to the stop', () => {
    given('TicketOpened', 0);
    given('TicketRouted', 0);
    given('TicketClockPaused', 10, { deadline: 'answer', reason: 'waiting_for_oem' });
    given('TicketAnswered', 40);

    expect(clockAt(50)).toMatchObject({ status: 'met', pausedSeconds: 30 * 3600, pauseReason: null });
  });

  it('a closed case cancels a paused clock', () => {
    given('TicketOpened', 0);
    given('TicketRouted', 0);
    given('TicketClockPaused', 10, { deadline: 'answer', reason: 'waiting_for_oem' });
    given('TicketClosed', 12);

    expect(clockAt(13)).toBeUndefined();
  });

  it('as of an instant during the pause, the clock shows paused with the time paused so far', () => {
    given('TicketOpened', 0);
    given('TicketRouted', 0);
    given('TicketClockPaused', 10, { deadline: 'answer', reason: 'waiting_for_parts' });

    expect(clockAt(5, true)).toMatchObject({ status: 'pending', pausedSeconds: 0 });
    expect(clockAt(16, true)).toMatchObject({ status: 'paused', pausedSeconds: 6 * 3600 });
  });

  it('the SLA report counts paused clocks and the time they stood still', () => {
    given('TicketOpened', 0);
    given('TicketRouted', 0);
    given('TicketClockPaused', 4, { deadline: 'answer', reason: 'waiting_for_parts' });

    expect(slaReport(db, { groupBy: 'kind', now: hoursIn(10) })).toEqual([
      {
        group: 'answer',
        met: 0,
        breached: 0,
        pending: 0,
        paused: 1,
        pausedSeconds: 6 * 3600,
        compliancePercent: null,
      },
    ]);
  });

  it('a start for other machine versions opens nothing; the one for this version does', () => {
    given('TicketOpened', 0, {}, 2);
    given('TicketRouted', 0, {}, 2);
    expect(clockAt(1)).toBeUndefined();

    given('TicketOrderReceived', 3, {}, 2);
    expect(clockAt(4)).toMatchObject({ status: 'pending', startedAt: hoursIn(3), dueAt: hoursIn(27) });
  });

  it('a start may charge the clock to the role its event names, and a breach to the holder it names', () => {
    given('TicketOpened', 0);
    given('TicketEscalated', 0, { escalatesTo: 'general_manager' });
    expect(clockAt(1)).toMatchObject({ accountableRole: 'general_manager' });

    given('TicketDeadlineBreached', 25, { kind: 'answer', dueAt: hoursIn(24), chargedTo: 'service_manager' });
    expect(clockAt(26)).toMatchObject({ status: 'breached', accountableRole: 'service_manager' });
  });
});
