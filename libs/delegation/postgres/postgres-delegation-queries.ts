import type pg from 'pg';
import { positional, type NamedStatement } from '../../projections/index.js';
import type { Delegation } from '../../workflow-engine/index.js';
import type { DelegationReads } from '../delegation-reads.js';
import {
  delegationStatements as statements,
  delegationsOf,
  openToWithPositionOf,
  type OpenDelegations,
  type StoredOpenToRow,
} from '../delegation-statements.js';

/**
 * The delegation book's reads over the delegations read model in PostgreSQL: the statements and the fold
 * of the SQLite reads. `openToWithPosition` is one statement, so its rows and position are one snapshot
 * whichever node applied them.
 */
export class PostgresDelegationQueries implements DelegationReads {
  constructor(private readonly pool: pg.Pool) {}

  async openTo(delegateId: string, at: string): Promise<Delegation[]> {
    return delegationsOf(await this.rows<{ events: string }>(statements.openTo(delegateId, at)));
  }

  async openToWithPosition(delegateId: string, at: string): Promise<OpenDelegations> {
    return openToWithPositionOf(
      await this.rows<StoredOpenToRow>(statements.openToWithPosition(delegateId, at)),
    );
  }

  async involving(personId: string, limit: number): Promise<Delegation[]> {
    return delegationsOf(await this.rows<{ events: string }>(statements.involving(personId, limit)));
  }

  async all(regionId: string | undefined, limit: number): Promise<Delegation[]> {
    return delegationsOf(await this.rows<{ events: string }>(statements.all(regionId, limit)));
  }

  private async rows<Row extends pg.QueryResultRow>(statement: NamedStatement): Promise<Row[]> {
    return (await this.pool.query<Row>(positional(statement))).rows;
  }
}
