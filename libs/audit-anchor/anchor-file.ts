import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrateSqliteFile } from '../sqlite-migrations/index.js';
import { AUDIT_ANCHOR_FILE } from './anchor-file-schema.js';
import type { LogChainState } from './log-chain.js';

/** A checkpoint of the global log: everything up to `position` had `events` events chaining to `chainHash`. */
export interface LogAnchor extends LogChainState {
  readonly anchorNo: number;
  /** When the anchor was written (engine clock, ISO-8601). */
  readonly anchoredAt: string;
}

/** A stream's last event as the latest anchor that saw the stream recorded it. */
export interface AnchoredHead {
  readonly streamId: string;
  readonly caseType: string | null;
  readonly caseId: string | null;
  /** The case owner, from the stream's first event: scopes what a regional auditor is told. */
  readonly dealerId: string | null;
  readonly regionId: string | null;
  readonly revision: number;
  readonly hash: string;
  readonly position: number;
  readonly anchorNo: number;
}

/** A head changed since the previous anchor; the owner is given only with the stream's first event. */
export type HeadUpdate = Omit<AnchoredHead, 'anchorNo'>;

interface AnchorRow {
  anchor_no: number;
  position: number;
  events: number;
  chain_hash: string;
  anchored_at: string;
}
interface HeadRow {
  stream_id: string;
  case_type: string | null;
  case_id: string | null;
  dealer_id: string | null;
  region_id: string | null;
  revision: number;
  hash: string;
  position: number;
  anchor_no: number;
}

const toAnchor = (row: AnchorRow): LogAnchor => ({
  anchorNo: row.anchor_no,
  position: row.position,
  events: row.events,
  chainHash: row.chain_hash,
  anchoredAt: row.anchored_at,
});
const toHead = (row: HeadRow): AnchoredHead => ({
  streamId: row.stream_id,
  caseType: row.case_type,
  caseId: row.case_id,
  dealerId: row.dealer_id,
  regionId: row.region_id,
  revision: row.revision,
  hash: row.hash,
  position: row.position,
  anchorNo: row.anchor_no,
});

/**
 * The audit anchors: a SQLite file of its own, apart from the event file (AUDIT_ANCHOR_PATH puts it on
 * other storage), that only ever grows. Each anchor records how far the global log went, how many events
 * it held and the store-wide chain over them; `anchored_heads` keeps each stream's last anchored event.
 * Nothing here is rebuilt from the log: an anchor is worth something only because it was written before
 * anyone could have cut the log short.
 */
export class AuditAnchorFile {
  readonly db: Database.Database;
  private readonly latestRow: Database.Statement<[], AnchorRow>;
  private readonly coveringRow: Database.Statement<[number], AnchorRow>;
  private readonly headRow: Database.Statement<[string], HeadRow>;
  private readonly headsOfCaseRows: Database.Statement<[string], HeadRow>;
  private readonly insertAnchor: Database.Statement<[number, number, string, string]>;
  private readonly upsertHead: Database.Statement<Record<string, unknown>>;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // Owner only, before the WAL exists: SQLite gives the -wal and -shm files the database file's mode.
    if (path !== ':memory:') chmodSync(path, 0o600);
    this.db.pragma('journal_mode = WAL');
    // An anchor is evidence: it must survive power loss once written.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    migrateSqliteFile(this.db, AUDIT_ANCHOR_FILE);
    this.latestRow = this.db.prepare('SELECT * FROM anchors ORDER BY anchor_no DESC LIMIT 1');
    this.coveringRow = this.db.prepare(
      'SELECT * FROM anchors WHERE position <= ? ORDER BY anchor_no DESC LIMIT 1',
    );
    this.headRow = this.db.prepare('SELECT * FROM anchored_heads WHERE stream_id = ?');
    this.headsOfCaseRows = this.db.prepare(
      'SELECT * FROM anchored_heads WHERE case_id = ? ORDER BY stream_id',
    );
    this.insertAnchor = this.db.prepare(
      'INSERT INTO anchors (position, events, chain_hash, anchored_at) VALUES (?, ?, ?, ?)',
    );
    this.upsertHead = this.db.prepare(
      `INSERT INTO anchored_heads
         (stream_id, case_type, case_id, dealer_id, region_id, revision, hash, position, anchor_no)
       VALUES (@streamId, @caseType, @caseId, @dealerId, @regionId, @revision, @hash, @position, @anchorNo)
       ON CONFLICT (stream_id) DO UPDATE SET
         revision = excluded.revision, hash = excluded.hash, position = excluded.position,
         anchor_no = excluded.anchor_no,
         case_type = coalesce(anchored_heads.case_type, excluded.case_type),
         case_id = coalesce(anchored_heads.case_id, excluded.case_id),
         dealer_id = coalesce(anchored_heads.dealer_id, excluded.dealer_id),
         region_id = coalesce(anchored_heads.region_id, excluded.region_id)`,
    );
  }

  /** The newest anchor, or undefined before the first. */
  latest(): LogAnchor | undefined {
    const row = this.latestRow.get();
    return row === undefined ? undefined : toAnchor(row);
  }

  /** The newest anchor that covers no event after `position` (for an export read up to there). */
  coveringUpTo(position: number): LogAnchor | undefined {
    const row = this.coveringRow.get(position);
    return row === undefined ? undefined : toAnchor(row);
  }

  head(streamId: string): AnchoredHead | undefined {
    const row = this.headRow.get(streamId);
    return row === undefined ? undefined : toHead(row);
  }

  headsOfCase(caseId: string): AnchoredHead[] {
    return this.headsOfCaseRows.all(caseId).map(toHead);
  }

  /**
   * Every anchored head, in stream order, a page at a time: no statement stays open between pages, so the
   * writer and other reads share the connection while a long verification walks them.
   */
  *heads(pageSize = 1000): Generator<AnchoredHead> {
    const page = this.db.prepare<[string, number], HeadRow>(
      'SELECT * FROM anchored_heads WHERE stream_id > ? ORDER BY stream_id LIMIT ?',
    );
    let after = '';
    for (;;) {
      const rows = page.all(after, pageSize);
      for (const row of rows) yield toHead(row);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.stream_id;
    }
  }

  /** Writes one anchor and the heads that changed since the previous one, in one transaction. */
  record(state: LogChainState, anchoredAt: string, heads: Iterable<HeadUpdate>): LogAnchor {
    return this.db.transaction(() => {
      const anchorNo = Number(
        this.insertAnchor.run(state.position, state.events, state.chainHash, anchoredAt).lastInsertRowid,
      );
      for (const head of heads) this.upsertHead.run({ ...head, anchorNo });
      return { ...state, anchorNo, anchoredAt };
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
