import Database from 'better-sqlite3';
import { FixedClock, type EventMetadata, type RecordedEvent } from '../../libs/kernel/index.js';
import { complaintModule } from '../../workflows/complaint/index.js';
import {
  DeadlineProjection,
  deadlinePolicyOf,
  dueDeadlines,
  dueDeadlinesStatement,
  policyFromEnvironment,
  SlaSweeper,
} from '../../libs/sla/index.js';
import type { CaseCommand, CaseCommandExecutor, CommandOutcome } from '../../libs/workflow-engine/index.js';
import type { Row } from './bench-row.js';

/**
 * The sweeper against 100,000 pending deadlines, 5,000 of them due: it must find the due ones through the
 * (status, due_at) index, not by scanning. The executor here only counts commands (the command path has
 * its own benchmark), so the figure is the sweeper's own cost.
 */
export async function benchSla(): Promise<Row[]> {
  const db = new Database(':memory:');
  const policy = policyFromEnvironment({}, deadlinePolicyOf([complaintModule]));
  const projection = new DeadlineProjection(policy);
  projection.setup(db);
  const event = (index: number, at: string): RecordedEvent => ({
    eventId: `e${index}`,
    streamId: `complaint-${index}`,
    revision: 0,
    position: index + 1,
    // Complaint v3 starts the 24-hour feedback clock at the internal repair order (docs/complaints.md).
    type: 'ComplaintRepairOrderReceived',
    data: { dealerId: `D${index % 50}` },
    recordedAt: at,
    metadata: {
      caseType: 'complaint',
      caseId: `case-${index}`,
      machineVersion: 3,
      occurredAt: at,
      actor: { id: 'x', roles: [] },
    } as unknown as EventMetadata as unknown as Record<string, unknown>,
  });
  const pending = 100_000;
  const started = performance.now();
  db.transaction(() => {
    for (let index = 0; index < pending; index++) {
      // 5 % started long ago (due now), the rest recently.
      projection.apply(
        db,
        event(index, index % 20 === 0 ? '2026-03-01T00:00:00.000Z' : '2026-03-05T00:00:00.000Z'),
      );
    }
  })();
  const loadSeconds = (performance.now() - started) / 1000;
  let sent = 0;
  const counting: CaseCommandExecutor = {
    execute: async (command: CaseCommand): Promise<CommandOutcome> => {
      sent += 1;
      return {
        caseType: command.caseType,
        caseId: command.caseId!,
        revision: 1,
        position: sent,
        eventType: 'ComplaintDeadlineBreached',
        duplicate: false,
      };
    },
  };
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const sweeper = new SlaSweeper(
    async (now, limit) => dueDeadlines(db, now, limit),
    counting,
    new FixedClock('2026-03-05T12:00:00.000Z'),
    policy,
    quiet,
    500,
  );
  const due = dueDeadlinesStatement('2026-03-05T12:00:00.000Z', 500);
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${due.sql}`).all(due.params) as { detail: string }[];
  const sweepStarted = performance.now();
  const result = await sweeper.sweepOnce();
  const sweepMs = performance.now() - sweepStarted;
  db.close();
  // A sweep that finds nothing measures nothing: the clocks did not start (a workflow change the bench missed).
  if (result.recorded !== 500 || sent !== 500)
    throw new Error(`the sweep recorded ${result.recorded} breaches (${sent} commands), expected 500`);
  return [
    {
      name: 'deadline projection, 100,000 clocks',
      value: pending / loadSeconds,
      unit: 'events/s',
      note: 'in memory, one transaction',
    },
    {
      name: 'sweep of 500 due among 100,000 pending',
      value: result.recorded / (sweepMs / 1000),
      unit: 'breaches/s',
      note: `${sweepMs.toFixed(1)} ms; plan: ${plan.map((step) => step.detail).join('; ')}`,
    },
  ];
}
