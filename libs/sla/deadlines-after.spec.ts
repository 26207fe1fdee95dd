import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '../kernel/index.js';
import { hoursIn, ticketCaseEvents, ticketClockScenarios, ticketClocksPolicy } from '../testing/index.js';
import { deadlinesOfCase } from './deadline-queries.js';
import { rulesByCaseType } from './deadline-rows.js';
import { deadlinesAfter, storedCaseDeadlines } from './deadlines-after.js';
import { DeadlineProjection } from './deadline.projection.js';

const policy = ticketClocksPolicy;
const rules = rulesByCaseType(policy);

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

describe("a case's deadlines after its unapplied events, folded in memory (what a command answers with)", () => {
  for (const [name, steps] of Object.entries(ticketClockScenarios)) {
    it(`given ${name}: at every point the read model may have reached, the fold equals the read model applied to the end`, () => {
      const { mine, all } = ticketCaseEvents(steps);
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
    const { mine, all } = ticketCaseEvents(
      ticketClockScenarios['opened, routed (two clocks start), answered, called back']!,
    );
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
