import type Database from 'better-sqlite3';
import { prepared } from '../projections/statement-cache.js';
import type { EventMetadata, RecordedEvent } from '../kernel/index.js';
import { caseOwnerOf, recordCaseOwner, setupCaseOwners } from '../projections/case-owners.js';
import type { Projection } from '../projections/projection.js';
import { addWorkingTime, DEFAULT_BUSINESS_CALENDAR } from './business-calendar.js';
import type { DeadlinePolicy, DeadlineRule } from './deadline-policy.js';
import { addDuration, parseIsoDuration } from './iso-duration.js';

import type { DeadlineStatus } from './deadline-status.js';

export interface DeadlineRow {
  readonly id: number;
  readonly case_type: string;
  readonly case_id: string;
  readonly dealer_id: string | null;
  readonly region_id: string | null;
  readonly kind: string;
  readonly accountable_role: string;
  readonly started_at: string;
  readonly due_at: string;
  readonly warn_at: string;
  readonly status: DeadlineStatus;
  readonly stopped_at: string | null;
  readonly breached_at: string | null;
  readonly cancelled_at: string | null;
  readonly rule: string;
}

/**
 * Deadlines computed from the log: a start event opens one, a stop event meets it (or ends a breached one),
 * a cancel event ends it without a verdict, and the breach event the sweeper records marks it breached.
 * The sweeper finds due ones through the (status, due_at) index, never by scanning.
 */
export class DeadlineProjection implements Projection {
  readonly name = 'sla_deadlines';
  readonly version = 2;
  private readonly byCaseType = new Map<string, DeadlineRule[]>();

  constructor(private readonly policy: DeadlinePolicy) {
    for (const rule of policy.rules) {
      parseIsoDuration(rule.duration);
      this.byCaseType.set(rule.caseType, [...(this.byCaseType.get(rule.caseType) ?? []), rule]);
    }
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
    const metadata = event.metadata as unknown as EventMetadata;
    const rules = this.byCaseType.get(metadata.caseType);
    if (rules === undefined) return;
    const data = (event.data ?? {}) as Record<string, unknown>;
    recordCaseOwner(db, event);
    const at = metadata.occurredAt;
    for (const rule of rules) {
      if (event.type === rule.breachEvent && data.kind === rule.kind) {
        prepared(
          db,
          `UPDATE sla_deadlines SET status = 'breached', breached_at = ?
           WHERE case_id = ? AND kind = ? AND status = 'pending' AND due_at <= ?`,
        ).run(at, metadata.caseId, rule.kind, typeof data.dueAt === 'string' ? data.dueAt : at);
      }
      if (rule.stopOn.includes(event.type)) {
        prepared(
          db,
          `UPDATE sla_deadlines SET stopped_at = ?, status = CASE status WHEN 'pending' THEN 'met' ELSE status END
           WHERE case_id = ? AND kind = ? AND stopped_at IS NULL AND status IN ('pending', 'breached')`,
        ).run(at, metadata.caseId, rule.kind);
      }
      if (rule.cancelOn.includes(event.type) || (rule.cancelInStates ?? []).includes(metadata.toState)) {
        prepared(
          db,
          `UPDATE sla_deadlines SET status = 'cancelled', cancelled_at = ?
           WHERE case_id = ? AND kind = ? AND status = 'pending'`,
        ).run(at, metadata.caseId, rule.kind);
      }
      const start = rule.startOn.find(
        (candidate) =>
          candidate.eventType === event.type &&
          (candidate.when === undefined || candidate.when.in.includes(data[candidate.when.field])),
      );
      if (start !== undefined)
        this.open(
          db,
          rule,
          metadata.caseType,
          metadata.caseId,
          start.startAtField ? data[start.startAtField] : at,
          at,
        );
    }
  }

  private open(
    db: Database.Database,
    rule: DeadlineRule,
    caseType: string,
    caseId: string,
    startValue: unknown,
    at: string,
  ): void {
    const running = prepared<[string, string], { id: number }>(
      db,
      `SELECT id FROM sla_deadlines WHERE case_id = ? AND kind = ? AND status = 'pending'`,
    ).get(caseId, rule.kind);
    if (running !== undefined) return;
    const startedAt =
      typeof startValue === 'string' && !Number.isNaN(Date.parse(startValue))
        ? new Date(startValue)
        : new Date(at);
    const owner = caseOwnerOf(db, caseId);
    const duration = parseIsoDuration(rule.duration);
    const calendar =
      this.policy.calendars[owner?.dealer_id ?? ''] ??
      this.policy.calendars.default ??
      DEFAULT_BUSINESS_CALENDAR;
    const due =
      rule.calendar === 'business'
        ? addWorkingTime(startedAt, duration, calendar)
        : addDuration(startedAt, duration);
    const warn = new Date(startedAt.getTime() + (due.getTime() - startedAt.getTime()) * rule.warnAt);
    prepared(
      db,
      `INSERT INTO sla_deadlines (case_type, case_id, dealer_id, region_id, kind, accountable_role, started_at, due_at, warn_at,
         status, rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
    ).run(
      caseType,
      caseId,
      owner?.dealer_id ?? null,
      owner?.region_id ?? null,
      rule.kind,
      rule.accountableRole,
      startedAt.toISOString(),
      due.toISOString(),
      warn.toISOString(),
      `v${this.policy.version}:${rule.duration}:${rule.calendar}`,
    );
  }
}
