import type Database from 'better-sqlite3';
import { prepared, type NamedStatement } from '../projections/index.js';

/** A vehicle whose last visit is older than the lost-customer period and whose lapse has no callback yet. */
export interface LapsedVehicleRow {
  readonly vin: string;
  readonly customer_id: string;
  readonly plate: string | null;
  readonly model: string | null;
  readonly last_visit_at: string;
  readonly visit_dealer_id: string;
  readonly visit_region_id: string | null;
}

/** A customer's name and phone (sealed) and class, as one dealer recorded them. */
export interface LapsedCustomerName {
  readonly name: string;
  readonly phone: string;
  readonly class: string | null;
}

/** What the lost-customer sweep reads of the customer records, in whichever database holds them. */
export interface LostCustomerReads {
  /** The lapsed vehicles last visited on or before `cutoff`, the longest lapsed first. */
  lapsed(cutoff: string, limit: number): Promise<LapsedVehicleRow[]>;
  /** The name as the visit's dealer recorded it, else as the latest dealer did; undefined without one. */
  nameOf(customerId: string, dealerId: string): Promise<LapsedCustomerName | undefined>;
}

/** The sweep's reads with `@name` parameters: the same SQL over SQLite and PostgreSQL. */
export const lostCustomerStatements = {
  lapsed: (cutoff: string, limit: number): NamedStatement => ({
    sql: `SELECT vin, customer_id, plate, model, last_visit_at, visit_dealer_id, visit_region_id
          FROM customers_vehicles
          WHERE last_visit_at IS NOT NULL AND last_visit_at <= @cutoff AND customer_id IS NOT NULL
            AND (lapse_noted_for IS NULL OR lapse_noted_for < last_visit_at)
          ORDER BY last_visit_at, vin LIMIT @limit`,
    params: { cutoff, limit },
  }),
  nameOf: (customerId: string, dealerId: string): NamedStatement => ({
    sql: `SELECT n.name, n.phone, r.class FROM customers_names n
            JOIN customers_records r ON r.customer_id = n.customer_id
          WHERE n.customer_id = @customerId
          ORDER BY n.dealer_id = @dealerId DESC, n.updated_at DESC, n.dealer_id LIMIT 1`,
    params: { customerId, dealerId },
  }),
};

/** The sweep's reads over a node's SQLite read models. */
export class SqliteLostCustomerReads implements LostCustomerReads {
  constructor(private readonly db: Database.Database) {}

  async lapsed(cutoff: string, limit: number): Promise<LapsedVehicleRow[]> {
    return this.all<LapsedVehicleRow>(lostCustomerStatements.lapsed(cutoff, limit));
  }

  async nameOf(customerId: string, dealerId: string): Promise<LapsedCustomerName | undefined> {
    return this.all<LapsedCustomerName>(lostCustomerStatements.nameOf(customerId, dealerId))[0];
  }

  private all<Row>({ sql, params }: NamedStatement): Row[] {
    return prepared<Record<string, unknown>, Row>(this.db, sql).all(params);
  }
}
