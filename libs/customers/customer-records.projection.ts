import type Database from 'better-sqlite3';
import type { RecordedEvent, WorkflowModule } from '../kernel/index.js';
import type { PersonalDataKeyVault } from '../personal-data/index.js';
import { prepared, type Projection } from '../projections/index.js';
import {
  CustomerRecordDecisions,
  DROP_CUSTOMER_RECORD_TABLES,
  type ContactRow,
  type CustomerNameRow,
  type CustomerRecordRow,
  type CustomerRowStore,
  type VehicleRow,
} from './customer-rows.js';

/**
 * The customer records (客户档案, seed 000 「客户档案(资料卡)是反映顾客基本情况的重要资料,在需要时便于查询和调阅」):
 * customers, their vehicles and every case that named them, built from each workflow's `customerFacts`.
 *
 * The decisions are `CustomerRecordDecisions` (customer-rows.ts), shared with the PostgreSQL read model.
 */
export class CustomerRecordsProjection implements Projection {
  readonly name = 'customers';
  readonly version = 1;
  private readonly decisions: CustomerRecordDecisions;

  constructor(modules: readonly WorkflowModule[], vault: PersonalDataKeyVault | undefined) {
    this.decisions = new CustomerRecordDecisions(modules, vault);
  }

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS customers_records (
        customer_id TEXT PRIMARY KEY,
        class TEXT,
        sensitivity TEXT NOT NULL DEFAULT '[]',
        responsible_id TEXT,
        responsible_name TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS customers_names (
        customer_id TEXT NOT NULL,
        dealer_id TEXT NOT NULL,
        region_id TEXT,
        name TEXT NOT NULL,
        phone TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (customer_id, dealer_id)
      );
      CREATE TABLE IF NOT EXISTS customers_phones (
        fingerprint TEXT NOT NULL,
        case_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        PRIMARY KEY (fingerprint, case_id)
      );
      CREATE INDEX IF NOT EXISTS customers_phones_case ON customers_phones (case_id);
      CREATE TABLE IF NOT EXISTS customers_vehicles (
        vin TEXT PRIMARY KEY,
        customer_id TEXT,
        plate TEXT,
        model TEXT,
        last_visit_at TEXT,
        visit_dealer_id TEXT,
        visit_region_id TEXT,
        lapse_noted_for TEXT
      );
      CREATE INDEX IF NOT EXISTS customers_vehicles_customer ON customers_vehicles (customer_id);
      CREATE INDEX IF NOT EXISTS customers_vehicles_visit ON customers_vehicles (last_visit_at);
      CREATE TABLE IF NOT EXISTS customers_contacts (
        case_id TEXT PRIMARY KEY,
        case_type TEXT NOT NULL,
        vin TEXT,
        customer_id TEXT,
        dealer_id TEXT NOT NULL,
        region_id TEXT,
        kind TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        outcome TEXT
      );
      CREATE INDEX IF NOT EXISTS customers_contacts_customer ON customers_contacts (customer_id, occurred_at);
      CREATE INDEX IF NOT EXISTS customers_contacts_vin ON customers_contacts (vin, occurred_at);
    `);
  }

  teardown(db: Database.Database): void {
    db.exec(DROP_CUSTOMER_RECORD_TABLES);
  }

  /** Fetches the keys the batch's phones are opened with, and the lookup key (one round trip each). */
  prepare(events: readonly RecordedEvent[]): Promise<void> {
    return this.decisions.prepare(events);
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    this.decisions.apply(new SqliteCustomerRows(db), event);
  }
}

/** The customer rows read and written one statement at a time. */
class SqliteCustomerRows implements CustomerRowStore {
  constructor(private readonly db: Database.Database) {}

  contact(caseId: string): ContactRow | undefined {
    return prepared<[string], ContactRow>(this.db, 'SELECT * FROM customers_contacts WHERE case_id = ?').get(
      caseId,
    );
  }

  putContact(row: ContactRow): void {
    prepared(
      this.db,
      `INSERT OR REPLACE INTO customers_contacts
         (case_id, case_type, vin, customer_id, dealer_id, region_id, kind, occurred_at, outcome)
       VALUES (@case_id, @case_type, @vin, @customer_id, @dealer_id, @region_id, @kind, @occurred_at, @outcome)`,
    ).run(row);
  }

  vehicle(vin: string): VehicleRow | undefined {
    return prepared<[string], VehicleRow>(this.db, 'SELECT * FROM customers_vehicles WHERE vin = ?').get(vin);
  }

  putVehicle(row: VehicleRow): void {
    prepared(
      this.db,
      `INSERT OR REPLACE INTO customers_vehicles
         (vin, customer_id, plate, model, last_visit_at, visit_dealer_id, visit_region_id, lapse_noted_for)
       VALUES (@vin, @customer_id, @plate, @model, @last_visit_at, @visit_dealer_id, @visit_region_id, @lapse_noted_for)`,
    ).run(row);
  }

  phoneOwner(fingerprint: string): string | undefined {
    return prepared<[string], { customer_id: string }>(
      this.db,
      'SELECT customer_id FROM customers_phones WHERE fingerprint = ? ORDER BY case_id LIMIT 1',
    ).get(fingerprint)?.customer_id;
  }

  addPhone(fingerprint: string, caseId: string, customerId: string): void {
    prepared(
      this.db,
      'INSERT OR IGNORE INTO customers_phones (fingerprint, case_id, customer_id) VALUES (?, ?, ?)',
    ).run(fingerprint, caseId, customerId);
  }

  dropPhones(caseId: string): void {
    prepared(this.db, 'DELETE FROM customers_phones WHERE case_id = ?').run(caseId);
  }

  record(customerId: string): CustomerRecordRow | undefined {
    return prepared<[string], CustomerRecordRow>(
      this.db,
      'SELECT * FROM customers_records WHERE customer_id = ?',
    ).get(customerId);
  }

  putRecord(row: CustomerRecordRow): void {
    prepared(
      this.db,
      `INSERT OR REPLACE INTO customers_records
         (customer_id, class, sensitivity, responsible_id, responsible_name, created_at, updated_at)
       VALUES (@customer_id, @class, @sensitivity, @responsible_id, @responsible_name, @created_at, @updated_at)`,
    ).run(row);
  }

  putName(row: CustomerNameRow): void {
    prepared(
      this.db,
      `INSERT OR REPLACE INTO customers_names (customer_id, dealer_id, region_id, name, phone, updated_at)
       VALUES (@customer_id, @dealer_id, @region_id, @name, @phone, @updated_at)`,
    ).run(row);
  }
}
