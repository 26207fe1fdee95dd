import type pg from 'pg';
import type { RecordedEvent } from '../../kernel/index.js';
import type { PostgresProjection } from '../../projections/index.js';
import {
  DELEGATIONS_READ_MODEL,
  delegationIdOf,
  delegationRowAfter,
  type DelegationRow,
} from '../delegation-rows.js';

/**
 * The delegations read model in PostgreSQL: the same table and rows (`delegationRowAfter`) as
 * `DelegationsProjection` in SQLite. Text columns are `COLLATE "C"`, so `until_at` compares bytewise as in
 * SQLite; `events` stays text (not jsonb) so the stored stream is the very text SQLite keeps.
 */
export class PostgresDelegationsProjection implements PostgresProjection {
  readonly name = DELEGATIONS_READ_MODEL;
  readonly version = 1;

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      CREATE TABLE delegations (
        delegation_id text COLLATE "C" PRIMARY KEY,
        delegator_id text COLLATE "C" NOT NULL,
        delegate_id text COLLATE "C" NOT NULL,
        region_id text COLLATE "C",
        until_at text COLLATE "C" NOT NULL,
        revoked integer NOT NULL,
        events text NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX delegations_delegate ON delegations (delegate_id, until_at);
      CREATE INDEX delegations_delegator ON delegations (delegator_id, until_at);
      CREATE INDEX delegations_position ON delegations (position);
    `);
  }

  async teardown(client: pg.ClientBase): Promise<void> {
    await client.query('DROP TABLE IF EXISTS delegations');
  }

  /** One read of the touched delegations, their rows in memory in log order, then one upsert. */
  async applyBatch(client: pg.ClientBase, events: readonly RecordedEvent[]): Promise<void> {
    const ids = [...new Set(events.flatMap((event) => delegationIdOf(event) ?? []))];
    if (ids.length === 0) return;
    const { rows } = await client.query<{ delegation_id: string; events: string }>(
      'SELECT delegation_id, events FROM delegations WHERE delegation_id = ANY($1::text[])',
      [ids],
    );
    const stored = new Map(rows.map((row) => [row.delegation_id, row.events]));
    const changed = new Map<string, DelegationRow>();
    for (const event of events) {
      const delegationId = delegationIdOf(event);
      if (delegationId === undefined) continue;
      const row = delegationRowAfter(stored.get(delegationId), event);
      if (row === undefined) continue;
      stored.set(delegationId, row.events);
      changed.set(delegationId, row);
    }
    if (changed.size === 0) return;
    await client.query(
      `INSERT INTO delegations SELECT * FROM json_populate_recordset(NULL::delegations, $1::json)
       ON CONFLICT (delegation_id) DO UPDATE SET delegator_id = excluded.delegator_id,
         delegate_id = excluded.delegate_id, region_id = excluded.region_id, until_at = excluded.until_at,
         revoked = excluded.revoked, events = excluded.events, position = excluded.position`,
      [JSON.stringify([...changed.values()])],
    );
  }
}
