import type pg from 'pg';
import type { RecordedEvent, WorkflowModule } from '../../kernel/index.js';
import type { PersonalDataKeyVault } from '../../personal-data/index.js';
import type { PostgresProjection } from '../../projections/index.js';
import { CustomerRecordDecisions, DROP_CUSTOMER_RECORD_TABLES } from '../customer-rows.js';
import { PostgresCustomerRows, storedContacts, storedVehicles } from './postgres-customer-rows.js';

/**
 * The customer records in PostgreSQL: the same tables, rows and decisions (`CustomerRecordDecisions`) as
 * `CustomerRecordsProjection` in SQLite, and the same `prepare` (the vault keys a batch's phones open
 * with, fetched before the batch's transaction). Text columns are `COLLATE "C"`: histories and lapses
 * order by ISO instants and ids bytewise, as SQLite does.
 */
export class PostgresCustomerRecordsProjection implements PostgresProjection {
  readonly name = 'customers';
  readonly version = 1;
  private readonly decisions: CustomerRecordDecisions;

  constructor(modules: readonly WorkflowModule[], vault: PersonalDataKeyVault | undefined) {
    this.decisions = new CustomerRecordDecisions(modules, vault);
  }

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      CREATE TABLE customers_records (
        customer_id text COLLATE "C" PRIMARY KEY,
        class text COLLATE "C",
        sensitivity text COLLATE "C" NOT NULL DEFAULT '[]',
        responsible_id text COLLATE "C",
        responsible_name text COLLATE "C",
        created_at text COLLATE "C" NOT NULL,
        updated_at text COLLATE "C" NOT NULL
      );
      CREATE TABLE customers_names (
        customer_id text COLLATE "C" NOT NULL,
        dealer_id text COLLATE "C" NOT NULL,
        region_id text COLLATE "C",
        name text COLLATE "C" NOT NULL,
        phone text COLLATE "C" NOT NULL,
        updated_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (customer_id, dealer_id)
      );
      CREATE TABLE customers_phones (
        fingerprint text COLLATE "C" NOT NULL,
        case_id text COLLATE "C" NOT NULL,
        customer_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (fingerprint, case_id)
      );
      CREATE INDEX customers_phones_case ON customers_phones (case_id);
      CREATE TABLE customers_vehicles (
        vin text COLLATE "C" PRIMARY KEY,
        customer_id text COLLATE "C",
        plate text COLLATE "C",
        model text COLLATE "C",
        last_visit_at text COLLATE "C",
        visit_dealer_id text COLLATE "C",
        visit_region_id text COLLATE "C",
        lapse_noted_for text COLLATE "C"
      );
      CREATE INDEX customers_vehicles_customer ON customers_vehicles (customer_id);
      CREATE INDEX customers_vehicles_visit ON customers_vehicles (last_visit_at);
      CREATE TABLE customers_contacts (
        case_id text COLLATE "C" PRIMARY KEY,
        case_type text COLLATE "C" NOT NULL,
        vin text COLLATE "C",
        customer_id text COLLATE "C",
        dealer_id text COLLATE "C" NOT NULL,
        region_id text COLLATE "C",
        kind text COLLATE "C" NOT NULL,
        occurred_at text COLLATE "C" NOT NULL,
        outcome text COLLATE "C"
      );
      CREATE INDEX customers_contacts_customer ON customers_contacts (customer_id, occurred_at);
      CREATE INDEX customers_contacts_vin ON customers_contacts (vin, occurred_at);
    `);
  }

  async teardown(client: pg.ClientBase): Promise<void> {
    await client.query(DROP_CUSTOMER_RECORD_TABLES);
  }

  prepare(events: readonly RecordedEvent[]): Promise<void> {
    return this.decisions.prepare(events);
  }

  async applyBatch(client: pg.ClientBase, events: readonly RecordedEvent[]): Promise<void> {
    const keys = await this.decisions.touchedKeys(events, {
      contacts: (caseIds) => storedContacts(client, caseIds),
      vehicles: (vins) => storedVehicles(client, vins),
      phoneOwners: async (fingerprints) => {
        if (fingerprints.length === 0) return [];
        const { rows } = await client.query<{ customer_id: string }>(
          'SELECT DISTINCT customer_id FROM customers_phones WHERE fingerprint = ANY($1::text[])',
          [fingerprints],
        );
        return rows.map((row) => row.customer_id);
      },
    });
    const rows = await PostgresCustomerRows.read(client, keys);
    // A vault's loaded keys open values only until the event loop's next turn, and the reads above took
    // several: load them again right before the decisions read the phones.
    await this.decisions.prepare(events);
    for (const event of events) this.decisions.apply(rows, event);
    await rows.write(client);
  }
}
