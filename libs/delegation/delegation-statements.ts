import type { RecordedEvent } from '../kernel/index.js';
import type { NamedStatement } from '../projections/index.js';
import { delegationOf, type Delegation } from '../workflow-engine/index.js';
import { DELEGATIONS_READ_MODEL } from './delegation-rows.js';

/** Delegations to the delegate not revoked and not ended by the instant (over `delegations d`). */
const OPEN_TO = 'd.delegate_id = @delegateId AND d.revoked = 0 AND d.until_at > @at';

/** The delegations read model's reads with `@name` parameters: the same SQL over SQLite and PostgreSQL. */
export const delegationStatements = {
  openTo: (delegateId: string, at: string): NamedStatement => ({
    sql: `SELECT d.events FROM delegations d WHERE ${OPEN_TO} ORDER BY d.position`,
    params: { delegateId, at },
  }),
  /**
   * `openTo` with the position the read model has applied, in one statement: both databases move the
   * checkpoint in the transaction that writes the rows, so the rows are exactly those of that position.
   * No checkpoint row (the read model never set up) answers no row at all.
   */
  openToWithPosition: (delegateId: string, at: string): NamedStatement => ({
    sql: `SELECT c.position AS applied, d.events FROM projection_checkpoints c
            LEFT JOIN delegations d ON ${OPEN_TO}
          WHERE c.name = @name ORDER BY d.position`,
    params: { delegateId, at, name: DELEGATIONS_READ_MODEL },
  }),
  involving: (personId: string, limit: number): NamedStatement => ({
    sql: `SELECT d.events FROM delegations d WHERE d.delegator_id = @personId OR d.delegate_id = @personId
          ORDER BY d.position DESC LIMIT @limit`,
    params: { personId, limit },
  }),
  all: (regionId: string | undefined, limit: number): NamedStatement =>
    regionId === undefined
      ? { sql: 'SELECT d.events FROM delegations d ORDER BY d.position DESC LIMIT @limit', params: { limit } }
      : {
          sql: 'SELECT d.events FROM delegations d WHERE d.region_id = @regionId ORDER BY d.position DESC LIMIT @limit',
          params: { regionId, limit },
        },
};

/** A row of `openToWithPosition` as either database returns it (`pg` gives bigints as strings). */
export interface StoredOpenToRow {
  readonly applied: number | string;
  readonly events: string | null;
}

/** The delegations folded from their rows' events, in the rows' order. */
export function delegationsOf(rows: readonly { readonly events: string | null }[]): Delegation[] {
  return rows.flatMap((row) =>
    row.events === null ? [] : (delegationOf(JSON.parse(row.events) as RecordedEvent[]) ?? []),
  );
}

/** The delegations open to the delegate and the position they reflect (0 without a checkpoint). */
export function openToWithPositionOf(rows: readonly StoredOpenToRow[]): OpenDelegations {
  return { position: rows[0] === undefined ? 0 : Number(rows[0].applied), delegations: delegationsOf(rows) };
}

/** What a delegate may act under per the read model, and the log position it reflects. */
export interface OpenDelegations {
  readonly position: number;
  readonly delegations: Delegation[];
}
