import type Database from 'better-sqlite3';
import type { Actor } from '../kernel/index.js';
import { prepared, type NamedStatement } from '../projections/index.js';
import {
  customerRecordOf,
  customerRecordStatements as statements,
  type ContactWithState,
  type CustomerRecord,
} from './customer-record-reads.js';
import type { CustomerNameRow, CustomerRecordRow, VehicleRow } from './customer-rows.js';
import type { PhoneFingerprints } from './phone-fingerprint.js';

/**
 * Reads of the customer records, always within the reader's scope (`readScopeOf`, as every list): a record
 * is found when one of its cases is in scope, and shows only the cases, and vehicles, in scope.
 */
export class CustomerRecordQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly phones: PhoneFingerprints,
  ) {}

  /** The records naming this vehicle or this phone number, in the reader's scope. */
  async find(actor: Actor, query: { vin?: string; phone?: string }): Promise<CustomerRecord[]> {
    const ids = new Set<string>();
    if (query.vin !== undefined) {
      const owner = this.all<{ customer_id: string | null }>(statements.byVin(query.vin))[0];
      if (owner?.customer_id) ids.add(owner.customer_id);
    }
    if (query.phone !== undefined) {
      const fingerprint = await this.phones.ofTyped(query.phone);
      if (fingerprint !== undefined)
        for (const row of this.all<{ customer_id: string }>(statements.byPhone(fingerprint)))
          ids.add(row.customer_id);
    }
    return [...ids]
      .map((id) => this.get(actor, id))
      .filter((record): record is CustomerRecord => record !== undefined);
  }

  /** One record as the reader may see it, or undefined when none of its cases is in their scope. */
  get(actor: Actor, customerId: string): CustomerRecord | undefined {
    const record = this.all<CustomerRecordRow>(statements.record(customerId))[0];
    if (record === undefined) return undefined;
    return customerRecordOf(actor, {
      record,
      contacts: this.all<ContactWithState>(statements.contacts(actor, customerId)),
      vehicles: this.all<VehicleRow>(statements.vehicles(customerId)),
      names: this.all<CustomerNameRow>(statements.names(customerId)),
    });
  }

  private all<Row>({ sql, params }: NamedStatement): Row[] {
    return prepared<Record<string, unknown>, Row>(this.db, sql).all(params);
  }
}
