import type Database from 'better-sqlite3';
import { prepared } from './statement-cache.js';
import type { EventMetadata, RecordedEvent } from '../kernel/index.js';
import { caseOwnerOf, recordCaseOwner, setupCaseOwners, type CaseOwnerRow } from './case-owners.js';
import type { NamedStatement } from './case-list-statements.js';
import type { Projection } from './projection.js';

/**
 * Every event by actor, role, case type, dealer, region and time: "everything this person approved last
 * quarter". The case's dealer and region come from its first event (the case owner never changes).
 */
export class AuditIndexProjection implements Projection {
  readonly name = 'audit';
  readonly version = 3;

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_events (
        position INTEGER PRIMARY KEY,
        case_type TEXT NOT NULL,
        case_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        type TEXT NOT NULL,
        action TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT,
        actor_roles TEXT NOT NULL,
        dealer_id TEXT,
        region_id TEXT,
        occurred_at TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        machine_version INTEGER NOT NULL,
        hash TEXT NOT NULL,
        on_behalf_of TEXT
      );
      CREATE INDEX IF NOT EXISTS audit_events_actor ON audit_events (actor_id, occurred_at);
      CREATE INDEX IF NOT EXISTS audit_events_time ON audit_events (occurred_at);
      CREATE INDEX IF NOT EXISTS audit_events_case ON audit_events (case_id, revision);
      CREATE INDEX IF NOT EXISTS audit_events_dealer ON audit_events (dealer_id, occurred_at);
      CREATE TABLE IF NOT EXISTS audit_event_roles (
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        PRIMARY KEY (role, occurred_at, position)
      ) WITHOUT ROWID;
    `);
    setupCaseOwners(db);
  }

  teardown(db: Database.Database): void {
    // audit_case_owners: the owners table of version 1, before owners were kept in one table.
    db.exec(
      'DROP TABLE IF EXISTS audit_events; DROP TABLE IF EXISTS audit_event_roles; DROP TABLE IF EXISTS audit_case_owners;',
    );
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    const metadata = event.metadata as unknown as EventMetadata;
    if (!metadata.caseType || !metadata.actor) return;
    recordCaseOwner(db, event);
    const row = auditRowOf(event, caseOwnerOf(db, metadata.caseId));
    if (row === undefined) return;
    prepared<AuditEventRow>(
      db,
      `INSERT OR IGNORE INTO audit_events (position, case_type, case_id, revision, type, action, actor_id, actor_name,
         actor_roles, dealer_id, region_id, occurred_at, from_state, to_state, machine_version, hash, on_behalf_of)
       VALUES (@position, @case_type, @case_id, @revision, @type, @action, @actor_id, @actor_name, @actor_roles,
         @dealer_id, @region_id, @occurred_at, @from_state, @to_state, @machine_version, @hash, @on_behalf_of)`,
    ).run(row);
    const role = prepared(
      db,
      'INSERT OR IGNORE INTO audit_event_roles (position, role, occurred_at) VALUES (?, ?, ?)',
    );
    for (const actorRole of metadata.actor.roles) role.run(event.position, actorRole, metadata.occurredAt);
  }
}

/** The audit index row of `event` filed under `owner`; undefined for an event of no case or actor. */
export function auditRowOf(
  event: RecordedEvent,
  owner: CaseOwnerRow | undefined,
): (AuditEventRow & { readonly on_behalf_of: string | null }) | undefined {
  const metadata = event.metadata as unknown as EventMetadata;
  if (!metadata.caseType || !metadata.actor) return undefined;
  return {
    position: event.position,
    case_type: metadata.caseType,
    case_id: metadata.caseId,
    revision: event.revision,
    type: event.type,
    action: metadata.action ?? '',
    actor_id: metadata.actor.id,
    actor_name: metadata.actor.name ?? null,
    actor_roles: JSON.stringify(metadata.actor.roles),
    dealer_id: owner?.dealer_id ?? null,
    region_id: owner?.region_id ?? null,
    occurred_at: metadata.occurredAt,
    from_state: metadata.fromState ?? '',
    to_state: metadata.toState ?? '',
    machine_version: metadata.machineVersion,
    hash: metadata.hash ?? '',
    on_behalf_of: metadata.onBehalfOf !== undefined ? JSON.stringify(metadata.onBehalfOf) : null,
  };
}

export interface AuditEventRow {
  readonly position: number;
  readonly case_type: string;
  readonly case_id: string;
  readonly revision: number;
  readonly type: string;
  readonly action: string;
  readonly actor_id: string;
  readonly actor_name: string | null;
  readonly actor_roles: string;
  readonly dealer_id: string | null;
  readonly region_id: string | null;
  readonly occurred_at: string;
  readonly from_state: string;
  readonly to_state: string;
  readonly machine_version: number;
  readonly hash: string;
  /** Whom a delegate acted for (JSON of the event's `onBehalfOf`), or null. */
  readonly on_behalf_of?: string | null;
}

export interface AuditFilter {
  readonly actor?: string;
  readonly role?: string;
  readonly caseType?: string;
  readonly caseId?: string;
  readonly dealerId?: string;
  readonly regionId?: string;
  readonly from?: string;
  readonly to?: string;
  /** Position after which to continue (keyset pagination). */
  readonly after?: number;
  readonly limit: number;
}

/**
 * A keyset-paged read of the audit index, oldest first, with `@name` parameters: the same SQL for SQLite
 * and PostgreSQL. Without `limit`, every row after `after`.
 */
export function auditStatement(
  filter: Omit<AuditFilter, 'limit'> & { readonly limit?: number },
): NamedStatement {
  const where: string[] = ['a.position > @after'];
  const params: Record<string, unknown> = { after: filter.after ?? 0 };
  const equal: [keyof AuditFilter, string][] = [
    ['actor', 'actor_id'],
    ['caseType', 'case_type'],
    ['caseId', 'case_id'],
    ['dealerId', 'dealer_id'],
    ['regionId', 'region_id'],
  ];
  for (const [key, column] of equal) {
    if (filter[key] !== undefined) {
      where.push(`a.${column} = @${key}`);
      params[key] = filter[key];
    }
  }
  if (filter.role !== undefined) {
    where.push('EXISTS (SELECT 1 FROM audit_event_roles r WHERE r.position = a.position AND r.role = @role)');
    params.role = filter.role;
  }
  if (filter.from !== undefined) {
    where.push('a.occurred_at >= @from');
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    where.push('a.occurred_at < @to');
    params.to = filter.to;
  }
  if (filter.limit !== undefined) params.limit = filter.limit;
  return {
    sql: `SELECT a.* FROM audit_events a WHERE ${where.join(' AND ')} ORDER BY a.position${
      filter.limit !== undefined ? ' LIMIT @limit' : ''
    }`,
    params,
  };
}

/** A page of `limit` rows from `auditStatement`'s rows for `limit + 1`, and the position to go on after. */
export function auditPage(
  rows: AuditEventRow[],
  limit: number,
): { rows: AuditEventRow[]; next: number | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, next: more ? page[page.length - 1]!.position : null };
}

/** Keyset-paged reads of the audit index, oldest first; `iterate` streams without holding a page. */
export class AuditQueries {
  constructor(private readonly db: Database.Database) {}

  page(filter: AuditFilter): { rows: AuditEventRow[]; next: number | null } {
    const { sql, params } = auditStatement({ ...filter, limit: filter.limit + 1 });
    return auditPage(this.db.prepare<Record<string, unknown>, AuditEventRow>(sql).all(params), filter.limit);
  }

  *iterate(filter: Omit<AuditFilter, 'limit'>): Generator<AuditEventRow> {
    const { sql, params } = auditStatement(filter);
    yield* this.db.prepare<Record<string, unknown>, AuditEventRow>(sql).iterate(params);
  }
}
