import type pg from 'pg';
import type { RecordedEvent } from '../../kernel/index.js';
import {
  rowOf,
  type CaseOwnerRow,
  type PostgresProjection,
  type StoredRow,
} from '../../projections/index.js';
import type { DeadlinePolicy, DeadlineRule } from '../deadline-policy.js';
import { DeadlineFold, LIVE_DEADLINES, rulesByCaseType, type DeadlineRow } from '../deadline-rows.js';

export type StoredDeadlineRow = StoredRow<DeadlineRow, 'id' | 'paused_seconds'>;

export function deadlineRowOf(stored: StoredDeadlineRow): DeadlineRow {
  return rowOf(stored, ['id', 'paused_seconds']);
}

/**
 * The deadlines read model in PostgreSQL: the same table, rows and decisions (`DeadlineFold`) as
 * `DeadlineProjection` in SQLite. Text columns are `COLLATE "C"`, so instants and ids compare bytewise as in
 * SQLite. The case owners are its own table (`sla_deadlines_owners`) rather than SQLite's `case_owners`
 * shared by several read models: here each read model commits on the node that holds it, so a shared table
 * would tie their transactions (and their setups and rebuilds) to one another.
 */
export class PostgresDeadlineProjection implements PostgresProjection {
  readonly name = 'sla_deadlines';
  readonly version = 1;
  private readonly rules: ReadonlyMap<string, readonly DeadlineRule[]>;

  constructor(private readonly policy: DeadlinePolicy) {
    this.rules = rulesByCaseType(policy);
  }

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      CREATE TABLE sla_deadlines (
        id bigint PRIMARY KEY,
        case_type text COLLATE "C" NOT NULL,
        case_id text COLLATE "C" NOT NULL,
        dealer_id text COLLATE "C",
        region_id text COLLATE "C",
        kind text COLLATE "C" NOT NULL,
        accountable_role text COLLATE "C" NOT NULL,
        started_at text COLLATE "C" NOT NULL,
        due_at text COLLATE "C" NOT NULL,
        warn_at text COLLATE "C" NOT NULL,
        status text COLLATE "C" NOT NULL,
        stopped_at text COLLATE "C",
        breached_at text COLLATE "C",
        cancelled_at text COLLATE "C",
        paused_at text COLLATE "C",
        pause_reason text COLLATE "C",
        paused_seconds bigint NOT NULL DEFAULT 0,
        rule text COLLATE "C" NOT NULL
      );
      CREATE INDEX sla_deadlines_due ON sla_deadlines (status, due_at, id);
      CREATE INDEX sla_deadlines_case ON sla_deadlines (case_id, kind);
      CREATE INDEX sla_deadlines_dealer ON sla_deadlines (dealer_id, due_at);
      CREATE TABLE sla_deadlines_owners (
        case_id text COLLATE "C" PRIMARY KEY,
        dealer_id text COLLATE "C",
        region_id text COLLATE "C"
      );
    `);
  }

  async teardown(client: pg.ClientBase): Promise<void> {
    await client.query('DROP TABLE IF EXISTS sla_deadlines; DROP TABLE IF EXISTS sla_deadlines_owners;');
  }

  /**
   * One read of the touched cases' live rows and owners, the fold in memory, then one upsert of the owners
   * the batch fixed and one of every changed or opened row: five statements however many events.
   */
  async applyBatch(client: pg.ClientBase, events: readonly RecordedEvent[]): Promise<void> {
    const ids = DeadlineFold.casesOf(this.rules, events);
    if (ids.length === 0) return;
    const live = await client.query<StoredDeadlineRow>(
      `SELECT * FROM sla_deadlines WHERE case_id = ANY($1::text[]) AND ${LIVE_DEADLINES} ORDER BY id`,
      [ids],
    );
    const owners = await client.query<CaseOwnerRow & { case_id: string }>(
      'SELECT case_id, dealer_id, region_id FROM sla_deadlines_owners WHERE case_id = ANY($1::text[])',
      [ids],
    );
    const { rows: last } = await client.query<{ next: string }>(
      'SELECT COALESCE(MAX(id), 0) + 1 AS next FROM sla_deadlines',
    );
    const liveByCase = new Map<string, DeadlineRow[]>();
    for (const row of live.rows.map(deadlineRowOf)) {
      liveByCase.set(row.case_id, [...(liveByCase.get(row.case_id) ?? []), row]);
    }
    const ownerByCase = new Map(owners.rows.map((row) => [row.case_id, row]));
    const fold = new DeadlineFold(this.policy, this.rules, {
      live: (caseId) => liveByCase.get(caseId) ?? [],
      owner: (caseId) => ownerByCase.get(caseId),
      nextId: Number(last[0]!.next),
    });
    for (const event of events) fold.apply(event);
    const fixed = [...fold.owners.fixed.values()];
    if (fixed.length > 0) {
      await client.query(
        `INSERT INTO sla_deadlines_owners SELECT * FROM json_populate_recordset(NULL::sla_deadlines_owners, $1::json)
         ON CONFLICT (case_id) DO UPDATE SET dealer_id = excluded.dealer_id, region_id = excluded.region_id`,
        [JSON.stringify(fixed)],
      );
    }
    const writes = fold.writes;
    if (writes.length === 0) return;
    await client.query(
      `INSERT INTO sla_deadlines SELECT * FROM json_populate_recordset(NULL::sla_deadlines, $1::json)
       ON CONFLICT (id) DO UPDATE SET accountable_role = excluded.accountable_role, due_at = excluded.due_at,
         warn_at = excluded.warn_at, status = excluded.status, stopped_at = excluded.stopped_at,
         breached_at = excluded.breached_at, cancelled_at = excluded.cancelled_at, paused_at = excluded.paused_at,
         pause_reason = excluded.pause_reason, paused_seconds = excluded.paused_seconds`,
      [JSON.stringify(writes)],
    );
  }
}
