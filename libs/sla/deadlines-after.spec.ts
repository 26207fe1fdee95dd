import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '../kernel/index.js';
import { ticketAnswerClock } from '../testing/index.js';
import { deadlinePolicyOf, type DeadlineRule } from './deadline-policy.js';
import { deadlinesOfCase } from './deadline-queries.js';
import { rulesByCaseType } from './deadline-rows.js';
import { deadlinesAfter, storedCaseDeadlines } from './deadlines-after.js';
import { DeadlineProjection } from './deadline.projection.js';

const HOUR = 3600_000;
const START = Date.parse('2026-03-02T09:00:00.000Z');
const hoursIn = (hours: number) => new Date(START + hours * HOUR).toISOString();

/** A second clock in working time, so an opened row depends on the case's owner and its calendar. */
const callbackClock: DeadlineRule = {
  ...ticketAnswerClock,
  kind: 'callback',
  startOn: [{ eventType: 'TicketRouted' }],
  stopOn: ['TicketCalledBack'],
  duration: 'PT8H',
  calendar: 'business',
};
const policy = deadlinePolicyOf([{ deadlines: [ticketAnswerClock, callbackClock] }]);
const rules = rulesByCaseType(policy);

type Step = readonly [type: string, hours: number, data?: Record<string, unknown>];

/** Case T-1's events from `steps`, interleaved with case T-2's (so positions leave gaps, as in the log). */
function eventsOf(steps: readonly Step[]): { mine: RecordedEvent[]; all: RecordedEvent[] } {
  const mine: RecordedEvent[] = [];
  const all: RecordedEvent[] = [];
  const other = (revision: number, hours: number): RecordedEvent => ({
    eventId: `o${revision}`,
    streamId: 'ticket-T-2',
    revision,
    position: all.length + 1,
    type: revision === 0 ? 'TicketOpened' : 'TicketRouted',
    data: revision === 0 ? { dealerId: 'D002', regionId: 'R02' } : {},
    metadata: {
      caseType: 'ticket',
      caseId: 'T-2',
      machineVersion: 1,
      occurredAt: hoursIn(hours),
      toState: 'open',
    },
    recordedAt: hoursIn(hours),
  });
  steps.forEach(([type, hours, data = {}], revision) => {
    if (revision < 2) all.push(other(revision, hours));
    const event: RecordedEvent = {
      eventId: `e${revision}`,
      streamId: 'ticket-T-1',
      revision,
      position: all.length + 1,
      type,
      data: revision === 0 ? { dealerId: 'D001', regionId: 'R01', ...data } : data,
      metadata: {
        caseType: 'ticket',
        caseId: 'T-1',
        machineVersion: 1,
        occurredAt: hoursIn(hours),
        toState: 'open',
      },
      recordedAt: hoursIn(hours),
    };
    mine.push(event);
    all.push(event);
  });
  return { mine, all };
}

/** A read model that has applied the log up to `position`, as the runner leaves it. */
function readModelAt(all: readonly RecordedEvent[], position: number): Database.Database {
  const db = new Database(':memory:');
  db.exec(
    'CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)',
  );
  const projection = new DeadlineProjection(policy);
  projection.setup(db);
  projection.applyBatch(
    db,
    all.filter((event) => event.position <= position),
  );
  db.prepare('INSERT INTO projection_checkpoints VALUES (?, ?, ?)').run(
    projection.name,
    projection.version,
    position,
  );
  return db;
}

const scenarios: Record<string, readonly Step[]> = {
  'opened, routed (two clocks start), answered, called back': [
    ['TicketOpened', 0],
    ['TicketRouted', 1],
    ['TicketAnswered', 5],
    ['TicketCalledBack', 6],
  ],
  'paused and resumed, then answered late': [
    ['TicketOpened', 0],
    ['TicketRouted', 0],
    ['TicketClockPaused', 20, { deadline: 'answer', reason: 'waiting_for_parts' }],
    ['TicketClockResumed', 68, { deadline: 'answer' }],
    ['TicketAnswered', 90],
  ],
  'breached by the sweeper, escalated (a new clock charged elsewhere), then closed': [
    ['TicketOpened', 0],
    ['TicketRouted', 0],
    ['TicketDeadlineBreached', 30, { kind: 'answer', dueAt: hoursIn(24), chargedTo: 'service_manager' }],
    ['TicketAnswered', 31],
    ['TicketEscalated', 32, { escalatesTo: 'general_manager' }],
    ['TicketClosed', 40],
  ],
};

describe("a case's deadlines after its unapplied events, folded in memory (what a command answers with)", () => {
  for (const [name, steps] of Object.entries(scenarios)) {
    it(`given ${name}: at every point the read model may have reached, the fold equals the read model applied to the end`, () => {
      const { mine, all } = eventsOf(steps);
      const last = mine[mine.length - 1]!;
      const at = hoursIn(steps[steps.length - 1]![1] + 0.5);
      const complete = readModelAt(all, last.position);
      const expected = deadlinesOfCase(complete, 'T-1', at, false);
      complete.close();
      expect(expected.length).toBeGreaterThan(0);
      for (let applied = 0; applied <= last.position; applied++) {
        const behind = readModelAt(all, applied);
        const stored = storedCaseDeadlines(behind, 'T-1');
        expect(stored.applied).toBe(applied);
        expect(deadlinesAfter(policy, rules, stored, mine, at)).toEqual(expected);
        behind.close();
      }
    });
  }

  it('given a read model that has applied every event, then nothing is folded again', () => {
    const { mine, all } = eventsOf(scenarios['opened, routed (two clocks start), answered, called back']!);
    const db = readModelAt(all, all.length);
    const at = hoursIn(10);
    // Folding an applied stop again would find no running clock; an applied start would open a second row.
    expect(deadlinesAfter(policy, rules, storedCaseDeadlines(db, 'T-1'), mine, at)).toEqual(
      deadlinesOfCase(db, 'T-1', at, false),
    );
    expect(deadlinesOfCase(db, 'T-1', at, false)).toHaveLength(2);
    db.close();
  });
});
