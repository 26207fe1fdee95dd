import type Database from 'better-sqlite3';
import { prepared } from './statement-cache.js';
import type { EventMetadata, RecordedEvent } from '../kernel/index.js';
import { caseOwnerOf, recordCaseOwner, setupCaseOwners } from './case-owners.js';
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
    const owner = caseOwnerOf(db, metadata.caseId);
    prepared(
      db,
      `INSERT OR IGNORE INTO audit_events (position, case_type, case_id, revision, type, action, actor_id, actor_name,
         actor_roles, dealer_id, region_id, occurred_at, from_state, to_state, machine_version, hash, on_behalf_of)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      event.position,
      metadata.caseType,
      metadata.caseId,
      event.revision,
      event.type,
      metadata.action ?? '',
      metadata.actor.id,
      metadata.actor.name ?? null,
      JSON.stringify(metadata.actor.roles),
      owner?.dealer_id ?? null,
      owner?.region_id ?? null,
      metadata.occurredAt,
      metadata.fromState ?? '',
      metadata.toState ?? '',
      metadata.machineVersion,
      metadata.hash ?? '',
      metadata.onBehalfOf !== undefined ? JSON.stringify(metadata.onBehalfOf) : null,
    );
    const role = prepared(
      db,
      'INSERT OR IGNORE INTO audit_event_roles (position, role, occurred_at) VALUES (?, ?, ?)',
    );
    for (const actorRole of metadata.actor.roles) role.run(event.position, actorRole, metadata.occurredAt);
  }
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

/** Keyset-paged reads of the audit index, oldest first; `iterate` streams without holding a page. */
export class AuditQueries {
  constructor(private readonly db: Database.Database) {}

  private query(filter: AuditFilter): { sql: string; params: Record<string, unknown> } {
    const where: string[] = ['a.position > @after'];
    const params: Record<string, unknown> = { after: filter.after ?? 0, limit: filter.limit };
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
      where.push(
        'EXISTS (SELECT 1 FROM audit_event_roles r WHERE r.position = a.position AND r.role = @role)',
      );
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
    return {
      sql: `SELECT a.* FROM audit_events a WHERE ${where.join(' AND ')} ORDER BY a.position LIMIT @limit`,
      params,
    };
  }

  page(filter: AuditFilter): { rows: AuditEventRow[]; next: number | null } {
    const { sql, params } = this.query({ ...filter, limit: filter.limit + 1 });
    const rows = this.db.prepare<Record<string, unknown>, AuditEventRow>(sql).all(params);
    const more = rows.length > filter.limit;
    const page = more ? rows.slice(0, filter.limit) : rows;
    return { rows: page, next: more ? page[page.length - 1]!.position : null };
  }

  *iterate(filter: Omit<AuditFilter, 'limit'>): Generator<AuditEventRow> {
    const { sql, params } = this.query({ ...filter, limit: -1 });
    yield* this.db.prepare<Record<string, unknown>, AuditEventRow>(sql).iterate(params);
  }
}
