import type pg from 'pg';
import type { EventMetadata, RecordedEvent } from '../../kernel/index.js';
import { auditRowOf, type AuditEventRow } from '../audit-index.projection.js';
import { BatchCaseOwners, type CaseOwnerRow } from '../case-owners.js';
import type { PostgresProjection } from './postgres-projection.js';
import { rowOf, type StoredRow } from './stored-row.js';

export type StoredAuditEventRow = StoredRow<AuditEventRow, 'position' | 'revision'>;

export function auditEventRowOf(stored: StoredAuditEventRow): AuditEventRow {
  return rowOf(stored, ['position', 'revision']);
}

/**
 * The audit index in PostgreSQL: the same rows (`auditRowOf`) as `AuditIndexProjection` in SQLite, text
 * columns `COLLATE "C"` so they compare bytewise as there. Its case owners are its own (`audit_owners`), for
 * the reason `PostgresDeadlineProjection` gives.
 */
export class PostgresAuditIndexProjection implements PostgresProjection {
  readonly name = 'audit';
  readonly version = 1;

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      CREATE TABLE audit_events (
        position bigint PRIMARY KEY,
        case_type text COLLATE "C" NOT NULL,
        case_id text COLLATE "C" NOT NULL,
        revision bigint NOT NULL,
        type text COLLATE "C" NOT NULL,
        action text COLLATE "C" NOT NULL,
        actor_id text COLLATE "C" NOT NULL,
        actor_name text COLLATE "C",
        actor_roles text COLLATE "C" NOT NULL,
        dealer_id text COLLATE "C",
        region_id text COLLATE "C",
        occurred_at text COLLATE "C" NOT NULL,
        from_state text COLLATE "C" NOT NULL,
        to_state text COLLATE "C" NOT NULL,
        machine_version integer NOT NULL,
        hash text COLLATE "C" NOT NULL,
        on_behalf_of text COLLATE "C"
      );
      CREATE INDEX audit_events_actor ON audit_events (actor_id, occurred_at);
      CREATE INDEX audit_events_time ON audit_events (occurred_at);
      CREATE INDEX audit_events_case ON audit_events (case_id, revision);
      CREATE INDEX audit_events_dealer ON audit_events (dealer_id, occurred_at);
      CREATE TABLE audit_event_roles (
        position bigint NOT NULL,
        role text COLLATE "C" NOT NULL,
        occurred_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (role, occurred_at, position)
      );
      CREATE INDEX audit_event_roles_position ON audit_event_roles (position);
      CREATE TABLE audit_owners (
        case_id text COLLATE "C" PRIMARY KEY,
        dealer_id text COLLATE "C",
        region_id text COLLATE "C"
      );
    `);
  }

  async teardown(client: pg.ClientBase): Promise<void> {
    await client.query(
      'DROP TABLE IF EXISTS audit_events; DROP TABLE IF EXISTS audit_event_roles; DROP TABLE IF EXISTS audit_owners;',
    );
  }

  /** One read of the stored owners, then one insert each of owners, rows and roles, however many events. */
  async applyBatch(client: pg.ClientBase, events: readonly RecordedEvent[]): Promise<void> {
    const indexed = events.filter((event) => {
      const metadata = event.metadata as unknown as EventMetadata;
      return Boolean(metadata.caseType) && metadata.actor !== undefined;
    });
    if (indexed.length === 0) return;
    const ids = [...new Set(indexed.map((event) => (event.metadata as unknown as EventMetadata).caseId))];
    const { rows: stored } = await client.query<CaseOwnerRow & { case_id: string }>(
      'SELECT case_id, dealer_id, region_id FROM audit_owners WHERE case_id = ANY($1::text[])',
      [ids],
    );
    const storedByCase = new Map(stored.map((row) => [row.case_id, row]));
    const owners = new BatchCaseOwners((caseId) => storedByCase.get(caseId));
    const rows: AuditEventRow[] = [];
    const roles: { position: number; role: string; occurred_at: string }[] = [];
    for (const event of indexed) {
      const metadata = event.metadata as unknown as EventMetadata;
      owners.see(event);
      rows.push(auditRowOf(event, owners.of(metadata.caseId))!);
      for (const role of metadata.actor.roles) {
        roles.push({ position: event.position, role, occurred_at: metadata.occurredAt });
      }
    }
    const fixed = [...owners.fixed.values()];
    if (fixed.length > 0) {
      await client.query(
        `INSERT INTO audit_owners SELECT * FROM json_populate_recordset(NULL::audit_owners, $1::json)
         ON CONFLICT (case_id) DO UPDATE SET dealer_id = excluded.dealer_id, region_id = excluded.region_id`,
        [JSON.stringify(fixed)],
      );
    }
    await client.query(
      `INSERT INTO audit_events SELECT * FROM json_populate_recordset(NULL::audit_events, $1::json)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows)],
    );
    if (roles.length > 0) {
      await client.query(
        `INSERT INTO audit_event_roles SELECT * FROM json_populate_recordset(NULL::audit_event_roles, $1::json)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(roles)],
      );
    }
  }
}
