import type pg from 'pg';
import type {
  ContactRow,
  CustomerNameRow,
  CustomerRecordRow,
  CustomerRowStore,
  TouchedCustomerKeys,
  VehicleRow,
} from '../customer-rows.js';

/** The stored rows a batch starts from, read in one statement per table. */
export async function storedContacts(
  client: pg.ClientBase,
  caseIds: readonly string[],
): Promise<ContactRow[]> {
  if (caseIds.length === 0) return [];
  const { rows } = await client.query<ContactRow>(
    'SELECT * FROM customers_contacts WHERE case_id = ANY($1::text[])',
    [caseIds],
  );
  return rows;
}

export async function storedVehicles(client: pg.ClientBase, vins: readonly string[]): Promise<VehicleRow[]> {
  if (vins.length === 0) return [];
  const { rows } = await client.query<VehicleRow>(
    'SELECT * FROM customers_vehicles WHERE vin = ANY($1::text[])',
    [vins],
  );
  return rows;
}

interface PhoneRow {
  readonly fingerprint: string;
  readonly case_id: string;
  readonly customer_id: string;
}

async function storedPhones(client: pg.ClientBase, fingerprints: readonly string[]): Promise<PhoneRow[]> {
  if (fingerprints.length === 0) return [];
  const { rows } = await client.query<PhoneRow>(
    'SELECT * FROM customers_phones WHERE fingerprint = ANY($1::text[])',
    [fingerprints],
  );
  return rows;
}

/**
 * The customer rows of one batch in memory: read before the batch (every row its decisions can read, by
 * `TouchedCustomerKeys`), changed by the decisions as SQLite's statements would change them, and written
 * after it in one statement per table, so a batch costs a few round trips however many events it has.
 */
export class PostgresCustomerRows implements CustomerRowStore {
  private readonly contacts = new Map<string, ContactRow>();
  private readonly vehicles = new Map<string, VehicleRow>();
  /** By fingerprint: the case ids that recorded it and the customer each named. */
  private readonly phones = new Map<string, Map<string, string>>();
  private readonly records = new Map<string, CustomerRecordRow>();
  private readonly names = new Map<string, CustomerNameRow>();
  private readonly changed = {
    contacts: new Set<string>(),
    vehicles: new Set<string>(),
    records: new Set<string>(),
  };
  private readonly addedPhones: PhoneRow[] = [];
  private readonly erasedCases = new Set<string>();

  static async read(client: pg.ClientBase, keys: TouchedCustomerKeys): Promise<PostgresCustomerRows> {
    const rows = new PostgresCustomerRows();
    for (const contact of await storedContacts(client, keys.caseIds))
      rows.contacts.set(contact.case_id, contact);
    for (const vehicle of await storedVehicles(client, keys.vins)) rows.vehicles.set(vehicle.vin, vehicle);
    for (const phone of await storedPhones(client, keys.fingerprints))
      rows.phonesOf(phone.fingerprint).set(phone.case_id, phone.customer_id);
    if (keys.customerIds.length > 0) {
      const { rows: records } = await client.query<CustomerRecordRow>(
        'SELECT * FROM customers_records WHERE customer_id = ANY($1::text[])',
        [keys.customerIds],
      );
      for (const record of records) rows.records.set(record.customer_id, record);
    }
    return rows;
  }

  contact(caseId: string): ContactRow | undefined {
    return this.contacts.get(caseId);
  }

  putContact(row: ContactRow): void {
    this.contacts.set(row.case_id, row);
    this.changed.contacts.add(row.case_id);
  }

  vehicle(vin: string): VehicleRow | undefined {
    return this.vehicles.get(vin);
  }

  putVehicle(row: VehicleRow): void {
    this.vehicles.set(row.vin, row);
    this.changed.vehicles.add(row.vin);
  }

  phoneOwner(fingerprint: string): string | undefined {
    let first: [string, string] | undefined;
    for (const entry of this.phones.get(fingerprint) ?? [])
      if (first === undefined || entry[0] < first[0]) first = entry;
    return first?.[1];
  }

  addPhone(fingerprint: string, caseId: string, customerId: string): void {
    const cases = this.phonesOf(fingerprint);
    if (cases.has(caseId)) return;
    cases.set(caseId, customerId);
    this.addedPhones.push({ fingerprint, case_id: caseId, customer_id: customerId });
  }

  dropPhones(caseId: string): void {
    for (const cases of this.phones.values()) cases.delete(caseId);
    this.erasedCases.add(caseId);
    const kept = this.addedPhones.filter((phone) => phone.case_id !== caseId);
    this.addedPhones.splice(0, this.addedPhones.length, ...kept);
  }

  record(customerId: string): CustomerRecordRow | undefined {
    return this.records.get(customerId);
  }

  putRecord(row: CustomerRecordRow): void {
    this.records.set(row.customer_id, row);
    this.changed.records.add(row.customer_id);
  }

  putName(row: CustomerNameRow): void {
    this.names.set(JSON.stringify([row.customer_id, row.dealer_id]), row);
  }

  /** Writes what the batch changed: erased cases' fingerprints go before the fingerprints added after them. */
  async write(client: pg.ClientBase): Promise<void> {
    if (this.erasedCases.size > 0)
      await client.query('DELETE FROM customers_phones WHERE case_id = ANY($1::text[])', [
        [...this.erasedCases],
      ]);
    if (this.addedPhones.length > 0)
      await client.query(
        `INSERT INTO customers_phones SELECT * FROM json_populate_recordset(NULL::customers_phones, $1::json)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(this.addedPhones)],
      );
    await upsert(client, 'customers_contacts', 'case_id', pick(this.contacts, this.changed.contacts));
    await upsert(client, 'customers_vehicles', 'vin', pick(this.vehicles, this.changed.vehicles));
    await upsert(client, 'customers_records', 'customer_id', pick(this.records, this.changed.records));
    await upsert(client, 'customers_names', 'customer_id, dealer_id', [...this.names.values()]);
  }

  private phonesOf(fingerprint: string): Map<string, string> {
    let cases = this.phones.get(fingerprint);
    if (cases === undefined) {
      cases = new Map();
      this.phones.set(fingerprint, cases);
    }
    return cases;
  }
}

function pick<Row>(rows: ReadonlyMap<string, Row>, keys: ReadonlySet<string>): Row[] {
  return [...keys].map((key) => rows.get(key)!);
}

/** One multi-row upsert replacing every column of the rows given (each key once). */
async function upsert(
  client: pg.ClientBase,
  table: string,
  key: string,
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const keys = new Set(key.split(', '));
  const columns = Object.keys(rows[0]!).filter((column) => !keys.has(column));
  await client.query(
    `INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)
     ON CONFLICT (${key}) DO UPDATE SET ${columns.map((column) => `${column} = excluded.${column}`).join(', ')}`,
    [JSON.stringify(rows)],
  );
}
