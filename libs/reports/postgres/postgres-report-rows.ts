import type pg from 'pg';
import { ownerFixedBy } from '../../projections/index.js';
import type { RecordedEvent } from '../../kernel/index.js';
import type { ReportBatch, ReportRow, ReportRowStore } from '../report-rows.js';

type StoredRow = ReportRow & {
  readonly topic: string;
  readonly key: string;
  readonly repeat_key: string | null;
};
type Owner = { readonly dealer_id: string | null; readonly region_id: string | null };

const idOf = (topic: string, key: string): string => `${topic}\u0000${key}`;

/**
 * The report rows of one batch in memory: read before it (the rows, repeat keys and owners its facts can
 * read, `ReportBatch.keys`), changed as SQLite's statements change them, upserted after it.
 */
export class PostgresReportRows implements ReportRowStore {
  private readonly rows = new Map<string, StoredRow>();
  private readonly openedAt = new Map<string, string[]>();
  private readonly owners = new Map<string, Owner>();
  private readonly changedRows = new Set<string>();
  private readonly changedOwners = new Set<string>();

  static async read(client: pg.ClientBase, keys: ReportBatch['keys']): Promise<PostgresReportRows> {
    const store = new PostgresReportRows();
    if (keys.rows.length > 0) {
      const { rows } = await client.query<StoredRow>(
        `SELECT * FROM reports_rows WHERE (topic, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [keys.rows.map(([topic]) => topic), keys.rows.map(([, key]) => key)],
      );
      for (const row of rows) store.rows.set(idOf(row.topic, row.key), row);
    }
    if (keys.repeats.length > 0) {
      const { rows } = await client.query<{ topic: string; repeat_key: string; opened_at: string }>(
        `SELECT topic, repeat_key, opened_at FROM reports_rows
         WHERE (topic, repeat_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [keys.repeats.map(([topic]) => topic), keys.repeats.map(([, key]) => key)],
      );
      for (const row of rows) store.opened(row.topic, row.repeat_key).push(row.opened_at);
    }
    if (keys.caseIds.length > 0) {
      const { rows } = await client.query<Owner & { case_id: string }>(
        'SELECT case_id, dealer_id, region_id FROM reports_owners WHERE case_id = ANY($1::text[])',
        [keys.caseIds],
      );
      for (const { case_id, ...owner } of rows) store.owners.set(case_id, owner);
    }
    return store;
  }

  row(topic: string, key: string): ReportRow | undefined {
    return this.rows.get(idOf(topic, key));
  }

  insertRow(topic: string, key: string, row: ReportRow, repeatKey: string | null): void {
    this.rows.set(idOf(topic, key), { ...row, topic, key, repeat_key: repeatKey });
    this.changedRows.add(idOf(topic, key));
    if (repeatKey !== null) this.opened(topic, repeatKey).push(row.opened_at);
  }

  setVals(topic: string, key: string, vals: string): void {
    const id = idOf(topic, key);
    this.rows.set(id, { ...this.rows.get(id)!, vals });
    this.changedRows.add(id);
  }

  repeated(topic: string, repeatKey: string, since: string, until: string): boolean {
    return (this.openedAt.get(idOf(topic, repeatKey)) ?? []).some((at) => at >= since && at <= until);
  }

  owner(caseId: string): Owner | undefined {
    return this.owners.get(caseId);
  }

  noteOwner(event: RecordedEvent): void {
    const owner = ownerFixedBy(event);
    if (owner === undefined) return;
    this.owners.set(owner.case_id, { dealer_id: owner.dealer_id, region_id: owner.region_id });
    this.changedOwners.add(owner.case_id);
  }

  async write(client: pg.ClientBase): Promise<void> {
    if (this.changedOwners.size > 0) {
      const ids = [...this.changedOwners];
      await client.query(
        `INSERT INTO reports_owners SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT (case_id) DO UPDATE SET dealer_id = excluded.dealer_id, region_id = excluded.region_id`,
        [
          ids,
          ids.map((id) => this.owners.get(id)!.dealer_id),
          ids.map((id) => this.owners.get(id)!.region_id),
        ],
      );
    }
    if (this.changedRows.size > 0)
      await client.query(
        `INSERT INTO reports_rows SELECT * FROM json_populate_recordset(NULL::reports_rows, $1::json)
         ON CONFLICT (topic, key) DO UPDATE SET vals = excluded.vals`,
        [JSON.stringify([...this.changedRows].map((id) => this.rows.get(id)))],
      );
  }

  private opened(topic: string, repeatKey: string): string[] {
    const id = idOf(topic, repeatKey);
    let list = this.openedAt.get(id);
    if (list === undefined) {
      list = [];
      this.openedAt.set(id, list);
    }
    return list;
  }
}
