import type { EventMetadata, RecordedEvent } from '../kernel/index.js';
import { BatchCaseOwners, type CaseOwnerRow } from '../projections/index.js';
import { addWorkingTime, DEFAULT_BUSINESS_CALENDAR } from './business-calendar.js';
import type { DeadlinePolicy, DeadlineRule } from './deadline-policy.js';
import type { DeadlineStatus } from './deadline-status.js';
import { addDuration, parseIsoDuration } from './iso-duration.js';

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
 * The rows an event can still change: running or paused clocks, and breached ones not yet stopped. A met
 * or cancelled clock, or a breached one that was stopped, never changes again. Same SQL in both dialects.
 */
export const LIVE_DEADLINES = `(status IN ('pending', 'paused') OR (status = 'breached' AND stopped_at IS NULL))`;

/** `LIVE_DEADLINES` for a row in hand. */
export function isLiveDeadline(row: DeadlineRow): boolean {
  return (
    row.status === 'pending' ||
    row.status === 'paused' ||
    (row.status === 'breached' && row.stopped_at === null)
  );
}

/** The rules of each case type, every duration checked once. */
export function rulesByCaseType(policy: DeadlinePolicy): ReadonlyMap<string, readonly DeadlineRule[]> {
  const byCaseType = new Map<string, DeadlineRule[]>();
  for (const rule of policy.rules) {
    parseIsoDuration(rule.duration);
    byCaseType.set(rule.caseType, [...(byCaseType.get(rule.caseType) ?? []), rule]);
  }
  return byCaseType;
}

/** What a batch fold reads from the stored read model. */
export interface StoredDeadlines {
  /** The case's rows in `LIVE_DEADLINES`, by id. */
  live(caseId: string): readonly DeadlineRow[];
  /** The case's owner as stored before the batch. */
  owner(caseId: string): CaseOwnerRow | undefined;
  /** The id the next new deadline takes (ids grow by one in log order, so every database gives the same). */
  readonly nextId: number;
}

type Row = { -readonly [K in keyof DeadlineRow]: DeadlineRow[K] };

/**
 * Deadlines computed from the log: a start event opens one, a stop event meets it (or ends a breached one),
 * a cancel event ends it without a verdict, and the breach event the sweeper records marks it breached
 * (charged to the role the event names, when the rule says where). A pause event stops a pending clock that
 * is not yet due; the resume event moves its due and warning times by the paused time, so paused time never
 * counts toward a breach, and a paused clock is never due.
 *
 * A batch is folded in memory over the live rows of the cases it touches; the result is every row it
 * changed or opened, in id order, each with its final values: both databases write just these.
 */
export class DeadlineFold {
  private readonly rows = new Map<string, Row[]>();
  private readonly changed = new Map<number, Row>();
  /** The owners the batch saw fixed (to store beside the rows), and each case's owner as events find it. */
  readonly owners: BatchCaseOwners;
  private nextId: number;

  constructor(
    private readonly policy: DeadlinePolicy,
    private readonly rules: ReadonlyMap<string, readonly DeadlineRule[]>,
    private readonly stored: StoredDeadlines,
  ) {
    this.nextId = stored.nextId;
    this.owners = new BatchCaseOwners((caseId) => stored.owner(caseId));
  }

  /** The cases of `events` that have clocks: the ones whose live rows a batch must read. */
  static casesOf(
    rules: ReadonlyMap<string, readonly DeadlineRule[]>,
    events: readonly RecordedEvent[],
  ): string[] {
    const ids = new Set<string>();
    for (const event of events) {
      const metadata = event.metadata as unknown as EventMetadata;
      if (rules.has(metadata.caseType)) ids.add(metadata.caseId);
    }
    return [...ids];
  }

  /** Rows changed or opened so far, in id order. */
  get writes(): DeadlineRow[] {
    return [...this.changed.values()].sort((a, b) => a.id - b.id);
  }

  apply(event: RecordedEvent): void {
    const metadata = event.metadata as unknown as EventMetadata;
    const rules = this.rules.get(metadata.caseType);
    if (rules === undefined) return;
    const data = (event.data ?? {}) as Record<string, unknown>;
    this.owners.see(event);
    const at = metadata.occurredAt;
    const rowsOf = (kind: string, ...statuses: DeadlineStatus[]) =>
      this.rowsOfCase(metadata.caseId).filter((row) => row.kind === kind && statuses.includes(row.status));
    for (const rule of rules) {
      if (event.type === rule.breachEvent && data.kind === rule.kind) {
        const chargedTo = rule.breachChargedToField ? data[rule.breachChargedToField] : undefined;
        const dueBy = typeof data.dueAt === 'string' ? data.dueAt : at;
        for (const row of rowsOf(rule.kind, 'pending').filter((row) => row.due_at <= dueBy)) {
          this.change(row, {
            status: 'breached',
            breached_at: at,
            accountable_role:
              typeof chargedTo === 'string' && chargedTo !== '' ? chargedTo : row.accountable_role,
          });
        }
      }
      if (rule.stopOn.includes(event.type)) {
        // A clock stopped while paused is met; its running pause ends with it.
        for (const row of rowsOf(rule.kind, 'pending', 'paused', 'breached')) {
          if (row.stopped_at !== null) continue;
          this.change(row, {
            stopped_at: at,
            status: row.status === 'breached' ? 'breached' : 'met',
            paused_seconds:
              row.paused_seconds + (row.paused_at === null ? 0 : secondsBetween(row.paused_at, at)),
            paused_at: null,
          });
        }
      }
      if (rule.cancelOn.includes(event.type) || (rule.cancelInStates ?? []).includes(metadata.toState)) {
        for (const row of rowsOf(rule.kind, 'pending', 'paused')) {
          this.change(row, { status: 'cancelled', cancelled_at: at });
        }
      }
      const pausing = rule.pausing;
      if (pausing !== undefined && data[pausing.deadlineField] === rule.kind) {
        if (pausing.pauseOn.includes(event.type)) {
          const reason = data[pausing.reasonField];
          // Only a clock that runs and is not yet due: a late pause does not undo a breach.
          for (const row of rowsOf(rule.kind, 'pending').filter((row) => row.due_at > at)) {
            this.change(row, {
              status: 'paused',
              paused_at: at,
              pause_reason: typeof reason === 'string' ? reason : null,
            });
          }
        }
        if (pausing.resumeOn.includes(event.type)) {
          // The paused clock runs again; its due and warning times move by exactly the paused time.
          const paused = rowsOf(rule.kind, 'paused')[0];
          if (paused !== undefined && paused.paused_at !== null) {
            const shift = Math.max(0, Date.parse(at) - Date.parse(paused.paused_at));
            const moved = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
            this.change(paused, {
              status: 'pending',
              paused_at: null,
              pause_reason: null,
              due_at: moved(paused.due_at),
              warn_at: moved(paused.warn_at),
              paused_seconds: paused.paused_seconds + secondsBetween(paused.paused_at, at),
            });
          }
        }
      }
      const start = rule.startOn.find(
        (candidate) =>
          candidate.eventType === event.type &&
          (candidate.when === undefined || candidate.when.in.includes(data[candidate.when.field])) &&
          (candidate.machineVersions === undefined ||
            candidate.machineVersions.includes(metadata.machineVersion)),
      );
      if (start !== undefined && rowsOf(rule.kind, 'pending', 'paused').length === 0) {
        const charged = start.accountableRoleField ? data[start.accountableRoleField] : undefined;
        this.open(
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

  private rowsOfCase(caseId: string): Row[] {
    let rows = this.rows.get(caseId);
    if (rows === undefined) {
      rows = this.stored.live(caseId).map((row) => ({ ...row }));
      this.rows.set(caseId, rows);
    }
    return rows;
  }

  private change(row: Row, values: Partial<Row>): void {
    Object.assign(row, values);
    this.changed.set(row.id, row);
  }

  private open(
    rule: DeadlineRule,
    caseType: string,
    caseId: string,
    startValue: unknown,
    at: string,
    accountableRole: string,
  ): void {
    const startedAt =
      typeof startValue === 'string' && !Number.isNaN(Date.parse(startValue))
        ? new Date(startValue)
        : new Date(at);
    const owner = this.owners.of(caseId);
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
    const row: Row = {
      id: this.nextId++,
      case_type: caseType,
      case_id: caseId,
      dealer_id: owner?.dealer_id ?? null,
      region_id: owner?.region_id ?? null,
      kind: rule.kind,
      accountable_role: accountableRole,
      started_at: startedAt.toISOString(),
      due_at: due.toISOString(),
      warn_at: warn.toISOString(),
      status: 'pending',
      stopped_at: null,
      breached_at: null,
      cancelled_at: null,
      paused_at: null,
      pause_reason: null,
      paused_seconds: 0,
      rule: `v${this.policy.version}:${rule.duration}:${rule.calendar}`,
    };
    this.rowsOfCase(caseId).push(row);
    this.changed.set(row.id, row);
  }
}
