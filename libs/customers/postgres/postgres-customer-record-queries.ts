import type pg from 'pg';
import type { Actor } from '../../kernel/index.js';
import { positional, type NamedStatement } from '../../projections/index.js';
import {
  customerRecordOf,
  customerRecordStatements as statements,
  type ContactWithState,
  type CustomerRecord,
} from '../customer-record-reads.js';
import type { CustomerNameRow, CustomerRecordRow, VehicleRow } from '../customer-rows.js';
import type { PhoneFingerprints } from '../phone-fingerprint.js';

/**
 * Reads of the customer records in PostgreSQL: the statements and the record `CustomerRecordQueries`
 * reads over SQLite (customer-record-reads.ts), so a reader finds and sees the same records. The
 * history's case states come from the `cases_list` read model beside them.
 */
export class PostgresCustomerRecordQueries {
  constructor(
    private readonly pool: pg.Pool,
    private readonly phones: PhoneFingerprints,
  ) {}

  /** The records naming this vehicle or this phone number, in the reader's scope. */
  async find(actor: Actor, query: { vin?: string; phone?: string }): Promise<CustomerRecord[]> {
    const ids = new Set<string>();
    if (query.vin !== undefined) {
      const [owner] = await this.all<{ customer_id: string | null }>(statements.byVin(query.vin));
      if (owner?.customer_id) ids.add(owner.customer_id);
    }
    if (query.phone !== undefined) {
      const fingerprint = await this.phones.ofTyped(query.phone);
      if (fingerprint !== undefined)
        for (const row of await this.all<{ customer_id: string }>(statements.byPhone(fingerprint)))
          ids.add(row.customer_id);
    }
    const records = await Promise.all([...ids].map((id) => this.get(actor, id)));
    return records.filter((record): record is CustomerRecord => record !== undefined);
  }

  /** One record as the reader may see it, or undefined when none of its cases is in their scope. */
  async get(actor: Actor, customerId: string): Promise<CustomerRecord | undefined> {
    const [record] = await this.all<CustomerRecordRow>(statements.record(customerId));
    if (record === undefined) return undefined;
    const [contacts, vehicles, names] = await Promise.all([
      this.all<ContactWithState>(statements.contacts(actor, customerId)),
      this.all<VehicleRow>(statements.vehicles(customerId)),
      this.all<CustomerNameRow>(statements.names(customerId)),
    ]);
    return customerRecordOf(actor, { record, contacts, vehicles, names });
  }

  private async all<Row extends pg.QueryResultRow>(statement: NamedStatement): Promise<Row[]> {
    return (await this.pool.query<Row>(positional(statement))).rows;
  }
}
