import type Database from 'better-sqlite3';
import type { Delegation } from '../workflow-engine/index.js';
import type { OpenDelegations } from './delegation-statements.js';
import { DelegationQueries } from './delegations.projection.js';

/** What the delegation book reads of the delegations read model, in whichever database holds it. */
export interface DelegationReads {
  /** Delegations to `delegateId` not revoked and not ended by `at`, oldest first. */
  openTo(delegateId: string, at: string): Promise<Delegation[]>;
  /**
   * `openTo` and the log position those rows reflect, read together: every event after the position may
   * be missing from them, none up to it is.
   */
  openToWithPosition(delegateId: string, at: string): Promise<OpenDelegations>;
  /** Delegations a person declared or received, newest first. */
  involving(personId: string, limit: number): Promise<Delegation[]>;
  /** Every delegation, or a region's (an auditor's read), newest first. */
  all(regionId: string | undefined, limit: number): Promise<Delegation[]>;
}

/** The delegation book's reads over a node's SQLite read models. */
export class SqliteDelegationReads implements DelegationReads {
  private readonly queries: DelegationQueries;

  constructor(readModels: Database.Database) {
    this.queries = new DelegationQueries(readModels);
  }

  async openTo(delegateId: string, at: string): Promise<Delegation[]> {
    return this.queries.openTo(delegateId, at);
  }

  async openToWithPosition(delegateId: string, at: string): Promise<OpenDelegations> {
    return this.queries.openToWithPosition(delegateId, at);
  }

  async involving(personId: string, limit: number): Promise<Delegation[]> {
    return this.queries.involving(personId, limit);
  }

  async all(regionId: string | undefined, limit: number): Promise<Delegation[]> {
    return this.queries.all(regionId, limit);
  }
}
