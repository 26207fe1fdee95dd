import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../kernel/index.js';
import { prepared, type Projection } from '../projections/index.js';
import {
  DELEGATION_DECLARED,
  DELEGATION_RECORD,
  DELEGATION_REVOKED,
  delegationOf,
  type Delegation,
} from '../workflow-engine/index.js';

/** One row per delegation, found by delegate or delegator; `record` is the folded delegation. */
export class DelegationsProjection implements Projection {
  readonly name = 'delegations';
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
    const metadata = event.metadata as { caseType?: string; caseId?: string };
    if (metadata.caseType !== DELEGATION_RECORD || metadata.caseId === undefined) return;
    if (event.type !== DELEGATION_DECLARED && event.type !== DELEGATION_REVOKED) return;
    const row = prepared<[string], { events: string }>(
      db,
      'SELECT events FROM delegations WHERE delegation_id = ?',
    ).get(metadata.caseId);
    const events: RecordedEvent[] = row === undefined ? [] : (JSON.parse(row.events) as RecordedEvent[]);
    if (events.some((known) => known.eventId === event.eventId)) return;
    events.push(event);
    const delegation = delegationOf(events);
    if (delegation === undefined) return;
    prepared(
      db,
      `INSERT OR REPLACE INTO delegations
         (delegation_id, delegator_id, delegate_id, region_id, until_at, revoked, events, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      delegation.id,
      delegation.delegator.id,
      delegation.delegate.id,
      delegation.delegator.regionId ?? null,
      delegation.until,
      delegation.revoked === undefined ? 0 : 1,
      JSON.stringify(events),
      event.position,
    );
  }
}

/** Reads of the delegations projection, each folded from the events it keeps. */
export class DelegationQueries {
  constructor(private readonly db: Database.Database) {}

  /** Delegations to `delegateId` not revoked and not ended by `at`. */
  openTo(delegateId: string, at: string): Delegation[] {
    return this.fold(
      prepared<[string, string], { events: string }>(
        this.db,
        'SELECT events FROM delegations WHERE delegate_id = ? AND revoked = 0 AND until_at > ? ORDER BY position',
      ).all(delegateId, at),
    );
  }

  /** Delegations a person declared or received, newest first. */
  involving(personId: string, limit: number): Delegation[] {
    return this.fold(
      prepared<[string, string, number], { events: string }>(
        this.db,
        `SELECT events FROM delegations WHERE delegator_id = ? OR delegate_id = ?
           ORDER BY position DESC LIMIT ?`,
      ).all(personId, personId, limit),
    );
  }

  /** Every delegation, or a region's (an auditor's read), newest first. */
  all(regionId: string | undefined, limit: number): Delegation[] {
    const rows =
      regionId === undefined
        ? prepared<[number], { events: string }>(
            this.db,
            'SELECT events FROM delegations ORDER BY position DESC LIMIT ?',
          ).all(limit)
        : prepared<[string, number], { events: string }>(
            this.db,
            'SELECT events FROM delegations WHERE region_id = ? ORDER BY position DESC LIMIT ?',
          ).all(regionId, limit);
    return this.fold(rows);
  }

  private fold(rows: readonly { events: string }[]): Delegation[] {
    return rows
      .map((row) => delegationOf(JSON.parse(row.events) as RecordedEvent[]))
      .filter((delegation): delegation is Delegation => delegation !== undefined);
  }
}
