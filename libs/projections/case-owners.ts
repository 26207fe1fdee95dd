import type Database from 'better-sqlite3';
import type { EventMetadata, RecordedEvent } from '../kernel/index.js';
import { prepared } from './statement-cache.js';

/** A case's dealer and region as its first event names them (null where it names none). */
export interface CaseOwnerRow {
  readonly dealer_id: string | null;
  readonly region_id: string | null;
}

/**
 * The one table of case owners, for read models that file rows by owner although later events do not
 * name it (the audit index, the deadlines). A case's owner is fixed by its first event, so every
 * projection that applies that event writes the same row: none depends on another having run first, and
 * none drops the table when it is rebuilt (the rows it would write again are the ones already there).
 */
export function setupCaseOwners(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS case_owners (
    case_id TEXT PRIMARY KEY,
    dealer_id TEXT,
    region_id TEXT
  ) WITHOUT ROWID`);
}

/** The owner a case's first event names; undefined for any other event. */
export function firstEventOwnerOf(event: RecordedEvent): (CaseOwnerRow & { case_id: string }) | undefined {
  if (event.revision !== 0) return undefined;
  const metadata = event.metadata as unknown as EventMetadata;
  const data = (event.data ?? {}) as { dealerId?: unknown; regionId?: unknown };
  return {
    case_id: metadata.caseId,
    dealer_id: typeof data.dealerId === 'string' ? data.dealerId : null,
    region_id: typeof data.regionId === 'string' ? data.regionId : null,
  };
}

/** Records the owner when `event` is a case's first event; any other event is left alone. */
export function recordCaseOwner(db: Database.Database, event: RecordedEvent): void {
  const owner = firstEventOwnerOf(event);
  if (owner === undefined) return;
  prepared(db, 'INSERT OR REPLACE INTO case_owners (case_id, dealer_id, region_id) VALUES (?, ?, ?)').run(
    owner.case_id,
    owner.dealer_id,
    owner.region_id,
  );
}

export function caseOwnerOf(db: Database.Database, caseId: string): CaseOwnerRow | undefined {
  return prepared<[string], CaseOwnerRow>(
    db,
    'SELECT dealer_id, region_id FROM case_owners WHERE case_id = ?',
  ).get(caseId);
}
