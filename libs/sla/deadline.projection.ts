import type Database from 'better-sqlite3';
import {
  caseOwnerOf,
  prepared,
  recordCaseOwner,
  setupCaseOwners,
  type Projection,
} from '../projections/index.js';
import type { EventMetadata, RecordedEvent } from '../kernel/index.js';
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
  /** Set while the clock is paused; its due time moves by the paused time when it resumes. */
  readonly paused_at: string | null;
  readonly pause_reason: string | null;
  /** Paused time of the finished pauses, in whole seconds. */
  readonly paused_seconds: number;
  readonly rule: string;
}

/** Whole seconds from `from` to `to` (ISO-8601), never negative. */
export function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

/**
 * Deadlines computed from the log: a start event opens one, a stop event meets it (or ends a breached one),
 * a cancel event ends it without a verdict, and the breach event the sweeper records marks it breached
 * (charged to the role the event names, when the rule says where). A pause event stops a pending clock that
 * is not yet due; the resume event moves its due and warning times by the paused time, so paused time never
 * counts toward a breach, and a paused clock is never due. The sweeper finds due ones through the
 * (status, due_at) index, never by scanning.
 */
export class DeadlineProjection implements Projection {
  readonly name = 'sla_deadlines';
  readonly version = 3;
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
    const metadata = event.metadata as unknown as EventMetadata;
    const rules = this.byCaseType.get(metadata.caseType);
    if (rules === undefined) return;
    const data = (event.data ?? {}) as Record<string, unknown>;
    recordCaseOwner(db, event);
    const at = metadata.occurredAt;
    for (const rule of rules) {
      if (event.type === rule.breachEvent && data.kind === rule.kind) {
        const chargedTo = rule.breachChargedToField ? data[rule.breachChargedToField] : undefined;
        prepared(
          db,
          `UPDATE sla_deadlines SET status = 'breached', breached_at = ?, accountable_role = COALESCE(?, accountable_role)
           WHERE case_id = ? AND kind = ? AND status = 'pending' AND due_at <= ?`,
        ).run(
          at,
          typeof chargedTo === 'string' && chargedTo !== '' ? chargedTo : null,
          metadata.caseId,
          rule.kind,
          typeof data.dueAt === 'string' ? data.dueAt : at,
        );
      }
      if (rule.stopOn.includes(event.type)) {
        // A clock stopped while paused is met; its running pause ends with it.
        prepared(
          db,
          `UPDATE sla_deadlines SET stopped_at = @at,
             status = CASE status WHEN 'breached' THEN 'breached' ELSE 'met' END,
             paused_seconds = paused_seconds + CASE WHEN paused_at IS NULL THEN 0
               ELSE MAX(0, CAST(ROUND((julianday(@at) - julianday(paused_at)) * 86400) AS INTEGER)) END,
             paused_at = NULL
           WHERE case_id = @caseId AND kind = @kind AND stopped_at IS NULL
             AND status IN ('pending', 'paused', 'breached')`,
        ).run({ at, caseId: metadata.caseId, kind: rule.kind });
      }
      if (rule.cancelOn.includes(event.type) || (rule.cancelInStates ?? []).includes(metadata.toState)) {
        prepared(
          db,
          `UPDATE sla_deadlines SET status = 'cancelled', cancelled_at = ?
           WHERE case_id = ? AND kind = ? AND status IN ('pending', 'paused')`,
        ).run(at, metadata.caseId, rule.kind);
      }
      const pausing = rule.pausing;
      if (pausing !== undefined && data[pausing.deadlineField] === rule.kind) {
        if (pausing.pauseOn.includes(event.type)) {
          const reason = data[pausing.reasonField];
          // Only a clock that runs and is not yet due: a late pause does not undo a breach.
          prepared(
            db,
            `UPDATE sla_deadlines SET status = 'paused', paused_at = ?, pause_reason = ?
             WHERE case_id = ? AND kind = ? AND status = 'pending' AND due_at > ?`,
          ).run(at, typeof reason === 'string' ? reason : null, metadata.caseId, rule.kind, at);
        }
        if (pausing.resumeOn.includes(event.type)) this.resume(db, metadata.caseId, rule.kind, at);
      }
      const start = rule.startOn.find(
        (candidate) =>
          candidate.eventType === event.type &&
          (candidate.when === undefined || candidate.when.in.includes(data[candidate.when.field])) &&
          (candidate.machineVersions === undefined ||
            candidate.machineVersions.includes(metadata.machineVersion)),
      );
      if (start !== undefined) {
        const charged = start.accountableRoleField ? data[start.accountableRoleField] : undefined;
        this.open(
          db,
          rule,
          metadata.caseType,
          metadata.caseId,
          start.startAtField ? data[start.startAtField] : at,
          at,
          typeof charged === 'string' && charged !== '' ? charged : rule.accountableRole,
        );
      }
    }
  }

  private open(
    db: Database.Database,
    rule: DeadlineRule,
    caseType: string,
    caseId: string,
    startValue: unknown,
    at: string,
    accountableRole: string,
  ): void {
    const running = prepared<[string, string], { id: number }>(
      db,
      `SELECT id FROM sla_deadlines WHERE case_id = ? AND kind = ? AND status IN ('pending', 'paused')`,
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
      accountableRole,
      startedAt.toISOString(),
      due.toISOString(),
      warn.toISOString(),
      `v${this.policy.version}:${rule.duration}:${rule.calendar}`,
    );
  }

  /** The paused clock runs again; its due and warning times move by exactly the paused time. */
  private resume(db: Database.Database, caseId: string, kind: string, at: string): void {
    const paused = prepared<[string, string], DeadlineRow>(
      db,
      `SELECT * FROM sla_deadlines WHERE case_id = ? AND kind = ? AND status = 'paused'`,
    ).get(caseId, kind);
    if (paused === undefined || paused.paused_at === null) return;
    const shift = Math.max(0, Date.parse(at) - Date.parse(paused.paused_at));
    const moved = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
    prepared(
      db,
      `UPDATE sla_deadlines SET status = 'pending', paused_at = NULL, pause_reason = NULL, due_at = ?, warn_at = ?,
         paused_seconds = paused_seconds + ? WHERE id = ?`,
    ).run(moved(paused.due_at), moved(paused.warn_at), secondsBetween(paused.paused_at, at), paused.id);
  }
}
