import type pg from 'pg';
import { positional } from '../../projections/index.js';
import {
  lostCustomerStatements as statements,
  type LapsedCustomerName,
  type LapsedVehicleRow,
  type LostCustomerReads,
} from '../lost-customer-reads.js';

/** The lost-customer sweep's reads over the customer records in PostgreSQL (the same statements). */
export class PostgresLostCustomerReads implements LostCustomerReads {
  constructor(private readonly pool: pg.Pool) {}

  async lapsed(cutoff: string, limit: number): Promise<LapsedVehicleRow[]> {
    return (await this.pool.query<LapsedVehicleRow>(positional(statements.lapsed(cutoff, limit)))).rows;
  }

  async nameOf(customerId: string, dealerId: string): Promise<LapsedCustomerName | undefined> {
    const { rows } = await this.pool.query<LapsedCustomerName>(
      positional(statements.nameOf(customerId, dealerId)),
    );
    return rows[0];
  }
}
