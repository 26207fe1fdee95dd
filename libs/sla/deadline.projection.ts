import type Database from 'better-sqlite3';
import {
  caseOwnerOf,
  prepared,
  setupCaseOwners,
  storeCaseOwners,
  type Projection,
} from '../projections/index.js';
import type { RecordedEvent } from '../kernel/index.js';
import type { DeadlinePolicy, DeadlineRule } from './deadline-policy.js';
import { DeadlineFold, LIVE_DEADLINES, rulesByCaseType, type DeadlineRow } from './deadline-rows.js';

/**
 * The deadlines read model in SQLite (the decisions are `DeadlineFold`'s, shared with PostgreSQL). The
 * sweeper finds due ones through the (status, due_at) index, never by scanning.
 */
export class DeadlineProjection implements Projection {
  readonly name = 'sla_deadlines';
  readonly version = 4;
  private readonly rules: ReadonlyMap<string, readonly DeadlineRule[]>;

  constructor(private readonly policy: DeadlinePolicy) {
    this.rules = rulesByCaseType(policy);
  }

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS sla_deadlines (
        id INTEGER PRIMARY KEY,
        case_type TEXT NOT NULL,
        case_id TEXT NOT NULL,
        dealer_id TEXT,
        region_id TEXT,
        kind TEXT NOT NULL,
        accountable_role TEXT NOT NULL,
        started_at TEXT NOT NULL,
        due_at TEXT NOT NULL,
        warn_at TEXT NOT NULL,
        status TEXT NOT NULL,
        stopped_at TEXT,
        breached_at TEXT,
        cancelled_at TEXT,
        paused_at TEXT,
        pause_reason TEXT,
        paused_seconds INTEGER NOT NULL DEFAULT 0,
        rule TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS sla_deadlines_due ON sla_deadlines (status, due_at);
      CREATE INDEX IF NOT EXISTS sla_deadlines_case ON sla_deadlines (case_id, kind);
      CREATE INDEX IF NOT EXISTS sla_deadlines_dealer ON sla_deadlines (dealer_id, due_at);
    `);
    setupCaseOwners(db);
  }

  teardown(db: Database.Database): void {
    // sla_case_owners: the owners table of version 1, before owners were kept in one table.
    db.exec('DROP TABLE IF EXISTS sla_deadlines; DROP TABLE IF EXISTS sla_case_owners;');
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    this.applyBatch(db, [event]);
  }

  /** The fold over the batch, then each changed or opened row written once. */
  applyBatch(db: Database.Database, events: readonly RecordedEvent[]): void {
    if (DeadlineFold.casesOf(this.rules, events).length === 0) return;
    const fold = new DeadlineFold(this.policy, this.rules, {
      live: (caseId) =>
        prepared<[string], DeadlineRow>(
          db,
          `SELECT * FROM sla_deadlines WHERE case_id = ? AND ${LIVE_DEADLINES} ORDER BY id`,
        ).all(caseId),
      owner: (caseId) => caseOwnerOf(db, caseId),
      nextId:
        prepared<[], { next: number }>(db, 'SELECT COALESCE(MAX(id), 0) + 1 AS next FROM sla_deadlines').get()
          ?.next ?? 1,
    });
    for (const event of events) fold.apply(event);
    storeCaseOwners(db, fold.owners.fixed.values());
    const write = prepared<DeadlineRow>(
      db,
      `INSERT OR REPLACE INTO sla_deadlines (id, case_type, case_id, dealer_id, region_id, kind, accountable_role,
         started_at, due_at, warn_at, status, stopped_at, breached_at, cancelled_at, paused_at, pause_reason,
         paused_seconds, rule)
       VALUES (@id, @case_type, @case_id, @dealer_id, @region_id, @kind, @accountable_role, @started_at, @due_at,
         @warn_at, @status, @stopped_at, @breached_at, @cancelled_at, @paused_at, @pause_reason, @paused_seconds,
         @rule)`,
    );
    for (const row of fold.writes) write.run(row);
  }
}
