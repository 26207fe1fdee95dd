import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../kernel/index.js';
import { prepared, type NamedStatement, type Projection } from '../projections/index.js';
import type { Delegation } from '../workflow-engine/index.js';
import {
  DELEGATIONS_READ_MODEL,
  delegationIdOf,
  delegationRowAfter,
  type DelegationRow,
} from './delegation-rows.js';
import {
  delegationStatements as statements,
  delegationsOf,
  openToWithPositionOf,
  type OpenDelegations,
  type StoredOpenToRow,
} from './delegation-statements.js';

/** One row per delegation, found by delegate or delegator; `events` is the delegation's stream. */
export class DelegationsProjection implements Projection {
  readonly name = DELEGATIONS_READ_MODEL;
  readonly version = 1;

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS delegations (
        delegation_id TEXT PRIMARY KEY,
        delegator_id TEXT NOT NULL,
        delegate_id TEXT NOT NULL,
        region_id TEXT,
        until_at TEXT NOT NULL,
        revoked INTEGER NOT NULL,
        events TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS delegations_delegate ON delegations (delegate_id, until_at);
      CREATE INDEX IF NOT EXISTS delegations_delegator ON delegations (delegator_id, until_at);
    `);
  }

  teardown(db: Database.Database): void {
    db.exec('DROP TABLE IF EXISTS delegations;');
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    const delegationId = delegationIdOf(event);
    if (delegationId === undefined) return;
    const stored = prepared<[string], { events: string }>(
      db,
      'SELECT events FROM delegations WHERE delegation_id = ?',
    ).get(delegationId);
    const row = delegationRowAfter(stored?.events, event);
    if (row === undefined) return;
    prepared<DelegationRow>(
      db,
      `INSERT OR REPLACE INTO delegations
         (delegation_id, delegator_id, delegate_id, region_id, until_at, revoked, events, position)
       VALUES (@delegation_id, @delegator_id, @delegate_id, @region_id, @until_at, @revoked, @events, @position)`,
    ).run(row);
  }
}

/** Reads of the delegations projection in SQLite, each folded from the events it keeps. */
export class DelegationQueries {
  constructor(private readonly db: Database.Database) {}

  /** Delegations to `delegateId` not revoked and not ended by `at`. */
  openTo(delegateId: string, at: string): Delegation[] {
    return delegationsOf(this.rows<{ events: string }>(statements.openTo(delegateId, at)));
  }

  /** `openTo` and the position the projection has applied, as one read. */
  openToWithPosition(delegateId: string, at: string): OpenDelegations {
    return openToWithPositionOf(this.rows<StoredOpenToRow>(statements.openToWithPosition(delegateId, at)));
  }

  /** Delegations a person declared or received, newest first. */
  involving(personId: string, limit: number): Delegation[] {
    return delegationsOf(this.rows<{ events: string }>(statements.involving(personId, limit)));
  }

  /** Every delegation, or a region's (an auditor's read), newest first. */
  all(regionId: string | undefined, limit: number): Delegation[] {
    return delegationsOf(this.rows<{ events: string }>(statements.all(regionId, limit)));
  }

  private rows<Row>({ sql, params }: NamedStatement): Row[] {
    return prepared<Record<string, unknown>, Row>(this.db, sql).all(params);
  }
}
