import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { AuditAnchorFile } from '../audit-anchor/index.js';

/**
 * What an export's anchor line lets a third party check offline (docs/audit.md):
 * `log` — the export holds every event up to the anchor's position: recompute the store-wide chain;
 * `case` — the export holds whole streams: each must reach its anchored head;
 * `events` — a filtered selection: each event's hash and the links inside the export only.
 */
export type ExportCoverage = 'log' | 'case' | 'events';

export interface ExportAnchorRequest {
  /** The case the export is limited to, when that is its only filter. */
  readonly caseId?: string;
  readonly coverage: ExportCoverage;
  /** Whether the caller may see a stream's head (its case owner's region): a regional auditor's scope. */
  readonly maySee: (owner: { dealerId: string | null; regionId: string | null }) => boolean;
}

/**
 * The newest anchor an export fully contains — no newer than what the audit index (which selects the
 * exported events) has applied — and, for a case export, the heads of its streams; null when nothing is
 * anchored yet (or anchors are not kept). A JSON Lines export's first line and the `X-Audit-Anchor` header.
 */
export function exportAnchor(
  anchors: AuditAnchorFile | undefined,
  readModels: Database.Database,
  request: ExportAnchorRequest,
): Record<string, unknown> | null {
  return exportAnchorAt(anchors, auditIndexPosition(readModels), request);
}

/** `exportAnchor` for an audit index that has applied the log up to `indexed` (wherever it is kept). */
export function exportAnchorAt(
  anchors: AuditAnchorFile | undefined,
  indexed: number,
  request: ExportAnchorRequest,
): Record<string, unknown> | null {
  const anchor = anchors?.coveringUpTo(indexed);
  if (anchors === undefined || anchor === undefined) return null;
  const heads =
    request.coverage === 'case' && request.caseId !== undefined
      ? anchors
          .headsOfCase(request.caseId)
          .filter((head) => head.position <= indexed && request.maySee(head))
          .map(({ streamId, revision, hash, position }) => ({ streamId, revision, hash, position }))
      : undefined;
  return {
    anchorNo: anchor.anchorNo,
    position: anchor.position,
    events: anchor.events,
    chainHash: anchor.chainHash,
    anchoredAt: anchor.anchoredAt,
    covers: request.coverage,
    ...(heads !== undefined ? { heads } : {}),
  };
}

/** The position the audit index in SQLite has applied. */
export function auditIndexPosition(readModels: Database.Database): number {
  const row = readModels
    .prepare<[], { position: number }>("SELECT position FROM projection_checkpoints WHERE name = 'audit'")
    .get();
  return row?.position ?? 0;
}

/** The position the audit index in PostgreSQL has applied, as committed (whichever node applied it). */
export async function postgresAuditIndexPosition(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ position: string }>(
    "SELECT position FROM projection_checkpoints WHERE name = 'audit'",
  );
  return rows[0] === undefined ? 0 : Number(rows[0].position);
}
