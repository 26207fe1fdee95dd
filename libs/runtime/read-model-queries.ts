import type Database from 'better-sqlite3';
import type pg from 'pg';
import { auditIndexPosition, postgresAuditIndexPosition } from '../audit/index.js';
import type { Actor, Clock, RecordedEvent } from '../kernel/index.js';
import {
  PostgresCustomerRecordQueries,
  SqliteLostCustomerReads,
  PostgresLostCustomerReads,
  type CustomerRecord,
  type CustomerRecordQueries,
  type LostCustomerReads,
  type PhoneFingerprints,
} from '../customers/index.js';
import {
  AuditQueries,
  PostgresAuditQueries,
  PostgresCaseQueries,
  type AuditEventRow,
  type AuditFilter,
  type CaseQueries,
} from '../projections/index.js';
import {
  runPostgresReport,
  runReport,
  type ReportDefinition,
  type ReportQuery,
  type ReportResult,
} from '../reports/index.js';
import {
  PostgresDeadlineQueries,
  deadlinesAfter,
  dueDeadlines,
  rulesByCaseType,
  type DeadlinePolicy,
  type StoredCaseDeadlines,
  listDeadlines,
  slaReport,
  type DeadlineRow,
} from '../sla/index.js';
import { streamIdOf, type DeadlineView } from '../workflow-engine/index.js';
import type { EventStore } from '../event-store/index.js';
import type { CaseLists, DeadlineQueries } from './ports.js';

/**
 * Feeds the read models from the log: this node's SQLite runner (`ProjectionRunner`) or the runner of the
 * read models every node shares in PostgreSQL (`PostgresProjectionRunner`).
 */
export interface ReadModelRunner {
  /** The lowest position every read model has applied (as this node last heard). */
  readonly position: number;
  checkpointOf(name: string): number | undefined;
  start(): void;
  stop(): Promise<void>;
  /** Something was appended: look now. */
  wake(): void;
  /** Read-your-writes: true once every read model applied `position`, false when `timeoutMs` passed. */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean>;
  /** Applies everything stored now; the number of events applied. */
  catchUp(): Promise<number>;
  /** Drops the named read models (all when none is named) and replays them from the log. */
  rebuild(names?: readonly string[]): Promise<unknown>;
}

/**
 * Every query over the read models, answered alike wherever they are kept: a node's own SQLite file
 * (`localReadModelQueries`) or the PostgreSQL database every node shares (`sharedReadModelQueries`).
 */
export interface ReadModelQueries {
  readonly caseLists: CaseLists;
  readonly deadlines: DeadlineQueries;
  /** Pending deadlines due at `now`, soonest first (the SLA sweeper). */
  dueDeadlines(now: string, limit: number): Promise<DeadlineRow[]>;
  runReport(definition: ReportDefinition, query: ReportQuery): Promise<ReportResult>;
  auditPage(filter: AuditFilter): Promise<{ rows: AuditEventRow[]; next: number | null }>;
  auditRows(filter: Omit<AuditFilter, 'limit'>): AsyncIterable<AuditEventRow>;
  /** The position the audit index has applied: an export's anchor is never newer. */
  auditIndexPosition(): Promise<number>;
  /** Customer records as stored (personal data sealed), in the reader's scope. */
  findCustomers(actor: Actor, query: { vin?: string; phone?: string }): Promise<CustomerRecord[]>;
  customer(actor: Actor, customerId: string): Promise<CustomerRecord | undefined>;
  readonly lostCustomers: LostCustomerReads;
}

/** The deadlines of one case and the counts by status, where the SLA read model is kept beside the rest. */
export interface LocalDeadlineReads {
  ofCase(db: Database.Database, caseId: string, at: string, asOf: boolean): DeadlineView[];
  /** The case's rows, owner and the read model's position, read together (for `ofCaseAfter`). */
  stored(db: Database.Database, caseId: string): StoredCaseDeadlines;
  /** The clocks the read model keeps. */
  readonly policy: DeadlinePolicy;
  counts(db: Database.Database, now: string): Record<string, number>;
}

/** The queries over this node's `readmodels.sqlite`, synchronous underneath. */
export function localReadModelQueries(parts: {
  readonly db: Database.Database;
  readonly cases: CaseQueries;
  readonly customers: CustomerRecordQueries;
  /** Absent where no SLA read model is kept (then no case has deadlines). */
  readonly deadlines?: LocalDeadlineReads;
  /** The log, for the case events a deadline answer folds in before the read model has applied them. */
  readonly store: EventStore;
  readonly clock: Clock;
}): ReadModelQueries {
  const { db, cases, customers, deadlines, store, clock } = parts;
  const auditIndex = new AuditQueries(db);
  return {
    caseLists: {
      list: async (actor, filter) => cases.list(actor, filter),
      workQueueCandidates: async (actor, limit) => cases.workQueueCandidates(actor, limit),
      linkedTo: async (actor, caseId) => cases.linkedTo(actor, caseId),
    },
    deadlines: {
      ofCase: async (caseId, at, asOf) => deadlines?.ofCase(db, caseId, at, asOf) ?? [],
      ofCaseAfter:
        deadlines === undefined
          ? async () => []
          : deadlinesAnswered(async (caseId) => deadlines.stored(db, caseId), deadlines.policy, store),
      list: async (filter) => listDeadlines(db, filter),
      report: async (options) => slaReport(db, options),
      countsByStatus: async () => deadlines?.counts(db, clock.now().toISOString()) ?? {},
    },
    dueDeadlines: async (now, limit) => dueDeadlines(db, now, limit),
    runReport: async (definition, query) => runReport(db, definition, query),
    auditPage: async (filter) => auditIndex.page(filter),
    auditRows: (filter) => asyncRows(auditIndex.iterate(filter)),
    auditIndexPosition: async () => auditIndexPosition(db),
    findCustomers: (actor, query) => customers.find(actor, query),
    customer: async (actor, customerId) => customers.get(actor, customerId),
    lostCustomers: new SqliteLostCustomerReads(db),
  };
}

/** The queries over the read models every node shares in PostgreSQL (`pool`: connections to it). */
export function sharedReadModelQueries(
  pool: pg.Pool,
  parts: {
    readonly phones: PhoneFingerprints;
    readonly clock: Clock;
    /** The clocks and the log, for the deadlines a command's answer folds in memory (`ofCaseAfter`). */
    readonly answers: { readonly policy: DeadlinePolicy; readonly store: EventStore };
  },
): ReadModelQueries {
  const cases = new PostgresCaseQueries(pool, () => true);
  const deadlines = new PostgresDeadlineQueries(pool);
  const audit = new PostgresAuditQueries(pool);
  const customers = new PostgresCustomerRecordQueries(pool, parts.phones);
  return {
    caseLists: {
      list: (actor, filter) => cases.list(actor, filter),
      workQueueCandidates: (actor, limit) => cases.workQueueCandidates(actor, limit),
      linkedTo: (actor, caseId) => cases.linkedTo(actor, caseId),
    },
    deadlines: {
      ofCase: (caseId, at, asOf) => deadlines.ofCase(caseId, at, asOf),
      ofCaseAfter: deadlinesAnswered(
        (caseId) => deadlines.storedOfCase(caseId),
        parts.answers.policy,
        parts.answers.store,
      ),
      list: (filter) => deadlines.list(filter),
      report: (options) => deadlines.report(options),
      countsByStatus: () => deadlines.countsByStatus(parts.clock.now().toISOString()),
    },
    dueDeadlines: (now, limit) => deadlines.due(now, limit),
    runReport: (definition, query) => runPostgresReport(pool, definition, query),
    auditPage: (filter) => audit.page(filter),
    auditRows: (filter) => audit.rows(filter),
    auditIndexPosition: () => postgresAuditIndexPosition(pool),
    findCustomers: (actor, query) => customers.find(actor, query),
    customer: (actor, customerId) => customers.get(actor, customerId),
    lostCustomers: new PostgresLostCustomerReads(pool),
  };
}

/**
 * The rows of a synchronous query, read one by one as the caller consumes them; a caller that stops early
 * (`return`) closes the query. Plain promises over the query's iterator: an async generator in between
 * would add a queue of its own to every row of a long export.
 */
function asyncRows<T>(rows: Iterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => {
      const iterator = rows[Symbol.iterator]();
      return {
        next: async () => iterator.next(),
        return: async (value?: T) => iterator.return?.(value) ?? { done: true, value },
      };
    },
  };
}

/**
 * `DeadlineQueries.ofCaseAfter` over either database's read of a case's stored deadlines: the case's
 * events above the position read with them, folded in (none to read once the read model has the answer's).
 */
function deadlinesAnswered(
  stored: (caseId: string) => Promise<StoredCaseDeadlines>,
  policy: DeadlinePolicy,
  store: EventStore,
): DeadlineQueries['ofCaseAfter'] {
  const rules = rulesByCaseType(policy);
  return async (caseType, caseId, answered, at) => {
    const read = await stored(caseId);
    const events =
      read.applied >= answered.position
        ? []
        : await caseEventsAbove(store, streamIdOf(caseType, caseId), answered.revision, read.applied);
    return deadlinesAfter(policy, rules, read, events, at);
  };
}

/** Events read back per look when finding a case's events above a position: most cases have fewer. */
const CASE_EVENTS_PER_READ = 16;

/**
 * The case's events above `applied`, up to its revision `toRevision`, in log order: read back from that
 * revision a few at a time until one the read model had applied (a stream's positions grow with its
 * revisions), so a long case costs no more than its unapplied tail.
 */
async function caseEventsAbove(
  store: EventStore,
  streamId: string,
  toRevision: number,
  applied: number,
): Promise<RecordedEvent[]> {
  const above: RecordedEvent[] = [];
  for (let to = toRevision; to >= 0; to -= CASE_EVENTS_PER_READ) {
    const events = await store.readStream(streamId, {
      fromRevision: Math.max(0, to - CASE_EVENTS_PER_READ + 1),
      toRevision: to,
    });
    for (let index = events.length - 1; index >= 0; index--) {
      if (events[index]!.position <= applied) return above.reverse();
      above.push(events[index]!);
    }
  }
  return above.reverse();
}
